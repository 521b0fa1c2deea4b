import { meanConfidenceInterval } from '@lenet-lab/report';

// Reference: mean ± t.ppf(0.975, n − 1) · s / √n computed with numpy/scipy.
describe('meanConfidenceInterval', () => {
  it('is mean ± t(0.975, n − 1) · s / √n', () => {
    const interval = meanConfidenceInterval([1, 2, 3, 4, 5]);
    expect(interval?.low).toBeCloseTo(1.0367568385224428, 10);
    expect(interval?.high).toBeCloseTo(4.963243161477557, 10);
  });

  it('matches a three-seed accuracy sample', () => {
    const interval = meanConfidenceInterval([0.975, 0.973, 0.977]);
    expect(interval?.low).toBeCloseTo(0.9700317245764993, 12);
    expect(interval?.high).toBeCloseTo(0.9799682754235006, 12);
  });

  it('is wide with two seeds, where t has one degree of freedom', () => {
    const interval = meanConfidenceInterval([0.98, 0.99]);
    expect(interval?.low).toBeCloseTo(0.9214689763191265, 10);
    expect(interval?.high).toBeCloseTo(1.0485310236808736, 10);
  });

  it('supports other levels', () => {
    const ninety = meanConfidenceInterval([1, 2, 3, 4, 5], 0.9)!;
    const ninetyFive = meanConfidenceInterval([1, 2, 3, 4, 5])!;
    expect(ninety.high - ninety.low).toBeLessThan(ninetyFive.high - ninetyFive.low);
  });

  it('collapses to the mean for zero variance', () => {
    expect(meanConfidenceInterval([0.98, 0.98, 0.98])).toEqual({ low: 0.98, high: 0.98 });
  });

  it('is null for fewer than two values', () => {
    expect(meanConfidenceInterval([])).toBeNull();
    expect(meanConfidenceInterval([0.98])).toBeNull();
  });
});
