import { meanDifference } from '@lenet-lab/report';

// Reference: d ± t.ppf(0.975, ν_Welch) · se, computed with numpy/scipy.
describe('meanDifference', () => {
  it('gives the difference b − a with its Welch 95% CI', () => {
    const result = meanDifference([0.975, 0.973, 0.977], [0.982, 0.985, 0.981])!;
    expect(result.difference).toBeCloseTo(0.0076666666666667105, 12);
    expect(result.ci?.low).toBeCloseTo(0.0030363367623991782, 10);
    expect(result.ci?.high).toBeCloseTo(0.012296996570934242, 10);
  });

  it('matches the textbook Welch example', () => {
    const a = [
      27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1, 21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4,
    ];
    const b = [
      27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0, 24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4,
    ];
    const result = meanDifference(a, b)!;
    expect(result.ci?.low).toBeCloseTo(0.3492370661924069, 8);
    expect(result.ci?.high).toBeCloseTo(3.984096267140929, 8);
  });

  it('has a difference but no CI with a single value on one side', () => {
    expect(meanDifference([0.97], [0.98, 0.99])).toEqual({
      difference: expect.closeTo(0.015, 12),
      ci: null,
    });
  });

  it('has no CI when both samples have zero variance', () => {
    expect(meanDifference([0.97, 0.97], [0.98, 0.98])).toEqual({
      difference: expect.closeTo(0.01, 12),
      ci: null,
    });
  });

  it('is null when a sample is empty', () => {
    expect(meanDifference([], [0.98])).toBeNull();
  });
});
