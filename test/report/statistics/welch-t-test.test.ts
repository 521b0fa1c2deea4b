import { welchTTest } from '@lenet-lab/report';

// Wikipedia, "Welch's t-test", example 1 (two samples of 15): t ≈ 2.46, ν ≈ 25.0, p ≈ 0.021.
// The exact values below come from scipy.stats.ttest_ind(a2, a1, equal_var=False).
const A1 = [
  27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1, 21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4,
];
const A2 = [
  27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0, 24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4,
];

describe('welchTTest', () => {
  it('reproduces the textbook example', () => {
    const result = welchTTest(A1, A2)!;
    expect(result.difference).toBeCloseTo(2.166666666666668, 10);
    expect(result.standardError).toBeCloseTo(0.8824245100137552, 10);
    expect(result.t).toBeCloseTo(2.455356398286006, 10);
    expect(result.df).toBeCloseTo(24.988529290231416, 8);
    expect(result.pValue).toBeCloseTo(0.021378001462866992, 10);
  });

  it('is antisymmetric in its samples', () => {
    const forward = welchTTest(A1, A2)!;
    const backward = welchTTest(A2, A1)!;
    expect(backward.t).toBeCloseTo(-forward.t, 12);
    expect(backward.pValue).toBeCloseTo(forward.pValue, 12);
  });

  it('handles unequal sizes (4 against 2 seeds)', () => {
    const result = welchTTest([0.9751, 0.9749, 0.9762, 0.974], [0.9871, 0.9866])!;
    expect(result.t).toBeCloseTo(22.850601742624598, 6);
    expect(result.df).toBeCloseTo(3.994798439531836, 6);
    expect(result.pValue).toBeCloseTo(2.1962070329701597e-5, 9);
  });

  it('works when one sample has zero variance (df = n − 1 of the other)', () => {
    const result = welchTTest([0.98, 0.98, 0.98], [0.97, 0.975, 0.972])!;
    expect(result.df).toBeCloseTo(2, 12);
    expect(result.t).toBeCloseTo(-5.276561879022946, 9);
    expect(result.pValue).toBeCloseTo(0.03409079119864122, 9);
  });

  it('is null when both samples have zero variance', () => {
    expect(welchTTest([0.98, 0.98], [0.99, 0.99])).toBeNull();
  });

  it('is null when a sample has fewer than two values', () => {
    expect(welchTTest([0.98], [0.97, 0.99])).toBeNull();
    expect(welchTTest([], [0.97, 0.99])).toBeNull();
  });
});
