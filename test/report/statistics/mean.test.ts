import { mean } from '@lenet-lab/report';

describe('mean', () => {
  it('averages the values', () => {
    expect(mean([1, 2, 3, 4])).toBe(2.5);
    expect(mean([0.975])).toBe(0.975);
  });

  it('returns null for an empty sample instead of NaN', () => {
    expect(mean([])).toBeNull();
  });
});
