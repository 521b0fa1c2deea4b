import { studentTCdf, studentTQuantile, twoSidedPValue } from '@lenet-lab/report';

// Reference values from scipy.stats.t (1.17): t.ppf(0.975, df), t.cdf, 2 * t.sf.
describe('Student t', () => {
  it.each([
    [1, 12.706204736174707],
    [2, 4.302652729749464],
    [4, 2.7764451051977987],
    [10, 2.2281388519649385],
    [30, 2.0422724563012373],
  ])('has the 97.5%% quantile of the table for df = %d', (df, quantile) => {
    expect(studentTQuantile(0.975, df)).toBeCloseTo(quantile, 8);
  });

  it('handles fractional degrees of freedom', () => {
    expect(studentTCdf(2, 3.5)).toBeCloseTo(0.9369307387120432, 10);
    expect(studentTQuantile(0.975, 24.9)).toBeCloseTo(2.0599580324598343, 8);
  });

  it('gives two-sided p-values with precision in the far tail', () => {
    expect(twoSidedPValue(0, 5)).toBe(1);
    expect(twoSidedPValue(-40, 2)).toBeCloseTo(0.0006244146721847406, 12);
    expect(twoSidedPValue(40, 2)).toBe(twoSidedPValue(-40, 2));
  });
});
