import { orchestrationShare } from '../../bench/orchestration-share';
import { median, ratio } from '../../bench/stats';

describe('orchestrationShare', () => {
  it('is the difference of the medians as a share of the system wall time', () => {
    const share = orchestrationShare({
      systemSeconds: [20.4, 20, 30],
      directSeconds: [19.8, 19.6, 25],
      queueSeconds: [0.02, 0.04, 0.03],
      writesMsPerEpoch: 20,
      epochs: 5,
    })!;
    expect(share.systemSeconds).toBe(20.4);
    expect(share.directSeconds).toBe(19.8);
    expect(share.overheadSeconds).toBeCloseTo(0.6);
    expect(share.percent).toBeCloseTo((0.6 / 20.4) * 100);
    // Queueing 0.03 s plus five epochs of 20 ms.
    expect(share.itemisedSeconds).toBeCloseTo(0.13);
    expect(share.itemisedPercent).toBeCloseTo((0.13 / 20.4) * 100);
  });

  it('leaves the itemised share out when the writes were not measured', () => {
    const share = orchestrationShare({
      systemSeconds: [10],
      directSeconds: [9.9],
      queueSeconds: [0.05],
      writesMsPerEpoch: null,
      epochs: 1,
    })!;
    expect(share.itemisedSeconds).toBeNull();
    expect(share.itemisedPercent).toBeNull();
  });

  it('is null without both a system run and a direct one', () => {
    const input = { queueSeconds: [], writesMsPerEpoch: 1, epochs: 1 };
    expect(orchestrationShare({ ...input, systemSeconds: [], directSeconds: [1] })).toBeNull();
    expect(orchestrationShare({ ...input, systemSeconds: [1], directSeconds: [] })).toBeNull();
  });
});

describe('stats', () => {
  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it('has no ratio without a positive denominator', () => {
    expect(ratio(1, 2)).toBe(0.5);
    expect(ratio(1, 0)).toBeNull();
    expect(ratio(null, 2)).toBeNull();
  });
});
