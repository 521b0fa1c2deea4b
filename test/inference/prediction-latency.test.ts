import { measurePredictionLatency } from '@lenet-lab/inference';
import { createLeNet5, initBackend } from '@lenet-lab/training';

describe('measurePredictionLatency', () => {
  it('times each batch size over at least the minimum calls, per call and per image', async () => {
    await initBackend({ backend: 'wasm' });
    const model = createLeNet5();
    try {
      const latency = await measurePredictionLatency(model, {
        batchSizes: [1, 8],
        warmupCalls: 2,
        warmupMillis: 10,
        minCalls: 7,
        minMillis: 10,
        windows: 3,
      });
      expect(latency.map((l) => l.batchSize)).toEqual([1, 8]);
      for (const l of latency) {
        // Three windows of at least ceil(7 / 3) = 3 calls each.
        expect(l.calls).toBeGreaterThanOrEqual(9);
        expect(l.msPerBatch).toBeGreaterThan(0);
        expect(l.msPerImage).toBeCloseTo(l.msPerBatch / l.batchSize, 12);
      }
    } finally {
      model.dispose();
    }
  });
});
