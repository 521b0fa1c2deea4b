import { orchestrationShare } from '../../bench/orchestration-share';

describe('orchestrationShare', () => {
  const run = (seconds: number, trainingSeconds: number) => ({ seconds, trainingSeconds });

  it('compares the time outside the training batches, as a share of the wall time', () => {
    const share = orchestrationShare({
      // Outside the batches: 0.7, 0.6 and 0.9 s through the system; 0.5, 0.6, 0.55 directly.
      system: [run(20.7, 20), run(19.6, 19), run(30.9, 30)],
      direct: [run(21.5, 21), run(18.6, 18), run(20.55, 20)],
      queueSeconds: [0.02, 0.04, 0.03],
      writesMsPerEpoch: 20,
      epochs: 5,
    })!;
    expect(share.systemSeconds).toBe(20.7);
    expect(share.directSeconds).toBe(20.55);
    expect(share.systemOtherSeconds).toBeCloseTo(0.7);
    expect(share.directOtherSeconds).toBeCloseTo(0.55);
    expect(share.overheadSeconds).toBeCloseTo(0.15);
    expect(share.percent).toBeCloseTo((0.15 / 20.7) * 100);
    // Queueing 0.03 s plus five epochs of 20 ms.
    expect(share.itemisedSeconds).toBeCloseTo(0.13);
    expect(share.itemisedPercent).toBeCloseTo((0.13 / 20.7) * 100);
  });

  it('is not swayed by training batches that ran slower on one side', () => {
    const share = orchestrationShare({
      system: [run(12, 11.5)],
      direct: [run(10, 9.5)],
      queueSeconds: [],
      writesMsPerEpoch: null,
      epochs: 1,
    })!;
    expect(share.overheadSeconds).toBeCloseTo(0);
  });

  it('leaves the itemised share out when the writes were not measured', () => {
    const share = orchestrationShare({
      system: [run(10, 9)],
      direct: [run(9.9, 9)],
      queueSeconds: [0.05],
      writesMsPerEpoch: null,
      epochs: 1,
    })!;
    expect(share.itemisedSeconds).toBeNull();
    expect(share.itemisedPercent).toBeNull();
  });

  it('is null without both a system run and a direct one', () => {
    const input = { queueSeconds: [], writesMsPerEpoch: 1, epochs: 1 };
    expect(orchestrationShare({ ...input, system: [], direct: [run(1, 1)] })).toBeNull();
    expect(orchestrationShare({ ...input, system: [run(1, 1)], direct: [] })).toBeNull();
  });
});
