import { listScheduleMakespan } from '../../bench/list-schedule';

describe('listScheduleMakespan', () => {
  it('gives each job, in order, to the worker that is free first', () => {
    // Worker A: 2 then 6 (free at 2, then 8); worker B: 6 then 6 (free at 6, then 12).
    expect(listScheduleMakespan([2, 6, 6, 6], 2)).toBe(12);
    expect(listScheduleMakespan([2, 6, 6, 6], 1)).toBe(20);
  });

  it('cannot beat the longest job', () => {
    expect(listScheduleMakespan([10, 1, 1], 3)).toBe(10);
  });

  it('needs a worker', () => {
    expect(() => listScheduleMakespan([1], 0)).toThrow(RangeError);
  });
});
