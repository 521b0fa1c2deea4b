import { sampleStd, sampleVariance } from '@lenet-lab/report';

describe('sampleStd', () => {
  it('divides by n − 1', () => {
    // Squared deviations from 5 sum to 32; 32 / 7 is the unbiased variance.
    const values = [2, 4, 4, 4, 5, 5, 7, 9];
    expect(sampleVariance(values)).toBeCloseTo(32 / 7, 12);
    expect(sampleStd(values)).toBeCloseTo(Math.sqrt(32 / 7), 12);
  });

  it('is exactly 0 for identical values', () => {
    expect(sampleStd([0.98, 0.98, 0.98])).toBe(0);
  });

  it('keeps precision when values agree to many digits', () => {
    // 1e9 + {4, 7, 13, 16} has variance 30, which a one-pass sum of squares would lose.
    expect(sampleVariance([1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16])).toBeCloseTo(30, 6);
  });

  it('is null for fewer than two values', () => {
    expect(sampleStd([])).toBeNull();
    expect(sampleStd([0.97])).toBeNull();
    expect(sampleVariance([0.97])).toBeNull();
  });
});
