import { lowestWindowMedian, median } from '@lenet-lab/inference';

describe('lowestWindowMedian', () => {
  it('takes the median within each window and the lowest across them', () => {
    const jitStillCompiling = [2.8, 2.5, 3.1];
    const quiet = [0.41, 0.39, 5.2, 0.4]; // one call met a garbage collection
    const anotherProcessStarting = [1.2, 0.9, 1.4];

    expect(lowestWindowMedian([jitStillCompiling, quiet, anotherProcessStarting])).toBeCloseTo(
      0.405,
      12,
    );
  });

  it('is the plain median for one window, skips empty windows, and is null with no timings', () => {
    expect(lowestWindowMedian([[3, 1, 2]])).toBe(2);
    expect(lowestWindowMedian([[], [4, 6]])).toBe(5);
    expect(lowestWindowMedian([[], []])).toBeNull();
    expect(lowestWindowMedian([])).toBeNull();
  });
});

describe('median', () => {
  it('is the middle value, the mean of the two middle ones for an even count, NaN for none', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });
});
