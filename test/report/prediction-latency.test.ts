import { readPredictionLatency } from '@lenet-lab/report';

describe('readPredictionLatency', () => {
  it('keeps batch size, time per call and per image, ascending by batch size', () => {
    expect(
      readPredictionLatency([
        { batchSize: 256, msPerBatch: 5.12, msPerImage: 0.02, calls: 40 },
        { batchSize: 1, msPerBatch: 0.4, msPerImage: 0.4, calls: 200 },
      ]),
    ).toEqual([
      { batchSize: 1, msPerBatch: 0.4, msPerImage: 0.4 },
      { batchSize: 256, msPerBatch: 5.12, msPerImage: 0.02 },
    ]);
  });

  it('ignores entries that are not finite numbers, and repeats of a batch size after the first', () => {
    expect(
      readPredictionLatency([
        { batchSize: 256, msPerBatch: NaN, msPerImage: NaN },
        { batchSize: 64, msPerBatch: Infinity, msPerImage: 1 },
        { batchSize: 1, msPerBatch: 0.4, msPerImage: 0.4 },
        { batchSize: 1, msPerBatch: 9, msPerImage: 9 },
        { batchSize: 8, msPerBatch: '2', msPerImage: 0.25 },
        null,
        3,
      ]),
    ).toEqual([{ batchSize: 1, msPerBatch: 0.4, msPerImage: 0.4 }]);
  });

  it('reads anything that is not a list with a usable entry as not measured', () => {
    for (const json of [null, undefined, {}, { batchSize: 1 }, [], [null], 'fast']) {
      expect(readPredictionLatency(json)).toBeNull();
    }
  });
});
