/**
 * mulberry32: a 32-bit-state PRNG. Small, fast and good enough for shuffling and augmentation;
 * its whole state is one integer, so a checkpoint stores it as a number and resumes exactly.
 */
export class SeededRandom {
  private s: number;

  constructor(seed: number) {
    this.s = seed >>> 0;
  }

  /** The whole generator state; `new SeededRandom(state)` continues the same sequence. */
  get state(): number {
    return this.s;
  }

  /** Uniform in [0, 1), 32 bits of resolution. */
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Uniform in [low, high). */
  uniform(low: number, high: number): number {
    return low + (high - low) * this.next();
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
}

/**
 * Independent streams from one seed (shuffle, augmentation, weight init), so turning one
 * feature on does not change the random numbers another feature sees: the baseline and the
 * augmentation run shuffle identically.
 */
export function deriveSeed(seed: number, stream: number): number {
  const mixer = new SeededRandom((seed ^ Math.imul(stream + 1, 0x9e3779b1)) >>> 0);
  mixer.next();
  return Math.floor(mixer.next() * 4294967296) >>> 0;
}

/** Fisher–Yates shuffle in place. */
export function shuffleInPlace(values: Int32Array | number[], random: SeededRandom): void {
  for (let i = values.length - 1; i > 0; i--) {
    const j = random.int(i + 1);
    const held = values[i];
    values[i] = values[j];
    values[j] = held;
  }
}
