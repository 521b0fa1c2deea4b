import { buildAblationReport, modelLinks } from '@lenet-lab/report';
import { experiment, keptModel, reportInput } from './support/report-fixtures';

/** A model timed at batch 1 and 256 with these milliseconds per image. */
function timed(ms1: number, ms256: number, backend = 'cpu') {
  return keptModel({
    backend,
    latency: [
      { batchSize: 256, msPerBatch: ms256 * 256, msPerImage: ms256 },
      { batchSize: 1, msPerBatch: ms1, msPerImage: ms1 },
    ],
  });
}

function onePreset(...experiments: ReturnType<typeof experiment>[]) {
  const seeds = experiments.map((e) => e.seed);
  return buildAblationReport(reportInput(experiments, ['baseline'], seeds));
}

describe('Kept models in the report', () => {
  describe('per seed cell', () => {
    it('links the final model as tfjs and ONNX, naming the variant', () => {
      const [cell] = onePreset(experiment('baseline', 1)).rows[0].seeds;

      expect(cell.models).toEqual([
        {
          variant: 'final',
          reported: true,
          epoch: 5,
          testAccuracy: 0.98,
          latency: [
            { batchSize: 1, msPerBatch: 0.5, msPerImage: 0.5 },
            { batchSize: 256, msPerBatch: 5.12, msPerImage: 0.02 },
          ],
          backend: 'cpu',
          links: {
            tfjs: '/api/experiments/exp-baseline-1/model?variant=final',
            onnx: '/api/experiments/exp-baseline-1/model.onnx?variant=final',
          },
        },
      ]);
    });

    it('puts the restored best model first, as the one the experiment reports', () => {
      const [cell] = onePreset(
        experiment('baseline', 1, {
          models: [
            keptModel({ variant: 'final', epoch: 6, testAccuracy: 0.97 }),
            keptModel({ variant: 'best', epoch: 4, testAccuracy: 0.98 }),
          ],
        }),
      ).rows[0].seeds;

      expect(cell.models.map((m) => [m.variant, m.reported, m.epoch, m.links.onnx])).toEqual([
        ['best', true, 4, '/api/experiments/exp-baseline-1/model.onnx?variant=best'],
        ['final', false, 6, '/api/experiments/exp-baseline-1/model.onnx?variant=final'],
      ]);
    });

    it('links no model of an experiment that did not complete (the API would answer 409)', () => {
      const [cell] = onePreset(
        experiment('baseline', 1, { status: 'failed', testAccuracy: null, error: 'boom' }),
      ).rows[0].seeds;

      expect(cell.models).toEqual([]);
    });

    it('has no models for an older experiment that completed before models were kept', () => {
      const [cell] = onePreset(experiment('baseline', 1, { models: [] })).rows[0].seeds;

      expect(cell).toMatchObject({ counted: true, models: [] });
    });

    it('encodes the experiment id as one path segment, parentheses too', () => {
      expect(modelLinks('a b/(c)', 'best')).toEqual({
        tfjs: '/api/experiments/a%20b%2F%28c%29/model?variant=best',
        onnx: '/api/experiments/a%20b%2F%28c%29/model.onnx?variant=best',
      });
    });
  });

  describe('per preset', () => {
    it('averages the latency per image over the counted seeds, per batch size', () => {
      const row = onePreset(
        experiment('baseline', 1, { models: [timed(0.4, 0.01)] }),
        experiment('baseline', 2, { models: [timed(0.6, 0.03)] }),
      ).rows[0];

      expect(row.predictionLatency.backends).toEqual(['cpu']);
      expect(row.predictionLatency.unmeasuredSeeds).toEqual([]);
      expect(row.predictionLatency.batches).toHaveLength(2);
      const [batch1, batch256] = row.predictionLatency.batches;
      expect(batch1).toMatchObject({ batchSize: 1, n: 2 });
      expect(batch1.msPerImage).toBeCloseTo(0.5, 12);
      expect(batch1.msPerBatch).toBeCloseTo(0.5, 12);
      expect(batch256).toMatchObject({ batchSize: 256, n: 2 });
      expect(batch256.msPerImage).toBeCloseTo(0.02, 12);
      expect(batch256.msPerBatch).toBeCloseTo(5.12, 12);
    });

    it('takes a seed’s timings once, though both its variants carry them', () => {
      const row = onePreset(
        experiment('baseline', 1, {
          models: [{ ...timed(0.4, 0.01), variant: 'best' }, timed(0.4, 0.01)],
        }),
        experiment('baseline', 2, { models: [timed(0.6, 0.03)] }),
      ).rows[0];

      expect(row.predictionLatency.batches.map((b) => b.n)).toEqual([2, 2]);
      expect(row.predictionLatency.batches[0].msPerImage).toBeCloseTo(0.5, 12);
    });

    it('names the counted seeds without a measurement and averages the others', () => {
      const row = onePreset(
        experiment('baseline', 1, { models: [timed(0.4, 0.01)] }),
        experiment('baseline', 2, { models: [] }),
        experiment('baseline', 3, { models: [keptModel({ latency: null })] }),
        experiment('baseline', 4, {
          status: 'failed',
          testAccuracy: null,
          models: [timed(100, 100)],
        }),
      ).rows[0];

      expect(row.predictionLatency).toEqual({
        batches: [
          { batchSize: 1, n: 1, msPerImage: 0.4, msPerBatch: 0.4 },
          { batchSize: 256, n: 1, msPerImage: 0.01, msPerBatch: 2.56 },
        ],
        backends: ['cpu'],
        unmeasuredSeeds: [2, 3],
      });
    });

    it('has no batches when no counted seed was measured', () => {
      const row = onePreset(
        experiment('baseline', 1, { status: 'failed', testAccuracy: null }),
        experiment('baseline', 2, { models: [] }),
      ).rows[0];

      expect(row.predictionLatency).toEqual({ batches: [], backends: [], unmeasuredSeeds: [2] });
    });

    it('warns when latency was measured on different backends', () => {
      const report = onePreset(
        experiment('baseline', 1, { models: [timed(0.4, 0.01, 'wasm')] }),
        experiment('baseline', 2, { models: [timed(2, 1, 'cpu')] }),
      );

      expect(report.rows[0].predictionLatency.backends).toEqual(['cpu', 'wasm']);
      expect(report.warnings).toContain(
        'prediction latency was measured on different backends (cpu, wasm): it is not comparable across them',
      );
    });
  });
});
