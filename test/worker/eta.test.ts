import { estimateSecondsLeft } from '@lenet-lab/worker/eta';

describe('estimateSecondsLeft', () => {
  it('extrapolates the pace so far over what is left', () => {
    expect(estimateSecondsLeft(30, 0.5)).toBe(30);
    expect(estimateSecondsLeft(10, 0.25)).toBe(30);
    expect(estimateSecondsLeft(90, 0.9)).toBeCloseTo(10);
  });

  it('says 0 seconds once everything is done', () => {
    expect(estimateSecondsLeft(42, 1)).toBe(0);
  });

  it('has no estimate before any batch is done: there is no pace yet', () => {
    expect(estimateSecondsLeft(5, 0)).toBeUndefined();
    expect(estimateSecondsLeft(0, 0)).toBeUndefined();
  });

  it('has no estimate when no time has passed, since the pace would be infinite', () => {
    expect(estimateSecondsLeft(0, 0.5)).toBeUndefined();
  });

  it('has no estimate for a fraction outside (0, 1], nor for time running backwards', () => {
    expect(estimateSecondsLeft(10, -0.1)).toBeUndefined();
    expect(estimateSecondsLeft(10, 1.01)).toBeUndefined();
    expect(estimateSecondsLeft(-1, 0.5)).toBeUndefined();
  });
});
