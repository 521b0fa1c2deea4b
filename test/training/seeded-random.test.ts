import { deriveSeed, SeededRandom, shuffleInPlace } from '@lenet-lab/training';

describe('SeededRandom', () => {
  it('gives the same sequence for the same seed and another for another seed', () => {
    const draw = (seed: number) => {
      const random = new SeededRandom(seed);
      return Array.from({ length: 5 }, () => random.next());
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
  });

  it('continues the same sequence from its saved state', () => {
    const random = new SeededRandom(7);
    random.next();
    const resumed = new SeededRandom(random.state);
    expect([resumed.next(), resumed.next()]).toEqual([random.next(), random.next()]);
  });

  it('draws within [low, high) with a mean near the middle', () => {
    const random = new SeededRandom(1);
    const values = Array.from({ length: 20000 }, () => random.uniform(-2, 3));
    expect(Math.min(...values)).toBeGreaterThanOrEqual(-2);
    expect(Math.max(...values)).toBeLessThan(3);
    expect(values.reduce((a, b) => a + b) / values.length).toBeCloseTo(0.5, 1);
  });
});

describe('deriveSeed', () => {
  it('gives distinct, reproducible streams', () => {
    expect(deriveSeed(1, 1)).toBe(deriveSeed(1, 1));
    expect(new Set([deriveSeed(1, 1), deriveSeed(1, 2), deriveSeed(2, 1)]).size).toBe(3);
  });
});

describe('shuffleInPlace', () => {
  it('produces a permutation that depends on the seed', () => {
    const shuffled = (seed: number) => {
      const values = Int32Array.from({ length: 100 }, (_, i) => i);
      shuffleInPlace(values, new SeededRandom(seed));
      return Array.from(values);
    };
    expect([...shuffled(1)].sort((a, b) => a - b)).toEqual(
      Array.from({ length: 100 }, (_, i) => i),
    );
    expect(shuffled(1)).toEqual(shuffled(1));
    expect(shuffled(1)).not.toEqual(shuffled(2));
    expect(shuffled(1)).not.toEqual(Array.from({ length: 100 }, (_, i) => i));
  });
});
