import type { AblationExperimentModel, AblationForReport } from '@lenet-lab/db';
import { toReportInput } from '@lenet-lab/ablations/report-input';

type Row = AblationForReport['experiments'][number];

function ablationWith(models: AblationExperimentModel[]): AblationForReport {
  const experiment = {
    id: 'exp-1',
    name: 'baseline seed 1',
    preset: 'baseline',
    seed: 1,
    status: 'completed',
    error: null,
    config: {},
    configHash: 'hash',
    backend: 'wasm',
    device: null,
    codeVersion: null,
    datasetSha256: null,
    testAccuracy: 0.98,
    bestValAccuracy: 0.98,
    bestEpoch: 3,
    epochsRun: 3,
    stoppedEarly: false,
    result: null,
    createdAt: new Date('2026-01-01T00:00:00Z'),
    metrics: [],
    models,
  } as unknown as Row;
  return {
    id: 'abl-1',
    name: 'ablation',
    presets: ['baseline'],
    seeds: [1],
    createdAt: new Date('2026-01-01T00:00:00Z'),
    experiments: [experiment],
  } as unknown as AblationForReport;
}

describe('toReportInput: kept models', () => {
  it('maps each model’s summary and the latency the worker measured', () => {
    const input = toReportInput(
      ablationWith([
        {
          variant: 'final',
          epoch: 3,
          testAccuracy: 0.98,
          backend: 'wasm',
          latency: [
            { batchSize: 1, msPerBatch: 0.4, msPerImage: 0.4, calls: 700 },
            { batchSize: 256, msPerBatch: 5.12, msPerImage: 0.02, calls: 30 },
          ],
        },
      ]),
    );

    expect(input.experiments[0].models).toEqual([
      {
        variant: 'final',
        epoch: 3,
        testAccuracy: 0.98,
        backend: 'wasm',
        latency: [
          { batchSize: 1, msPerBatch: 0.4, msPerImage: 0.4 },
          { batchSize: 256, msPerBatch: 5.12, msPerImage: 0.02 },
        ],
      },
    ]);
  });

  it('reads latency it cannot use as not measured, and drops unknown variants', () => {
    const model = { epoch: 3, testAccuracy: 0.98, backend: 'wasm' };
    const input = toReportInput(
      ablationWith([
        { ...model, variant: 'best', latency: null },
        { ...model, variant: 'final', latency: { batchSize: 1 } },
        { ...model, variant: 'quantized', latency: [] },
      ]),
    );

    expect(input.experiments[0].models.map((m) => [m.variant, m.latency])).toEqual([
      ['best', null],
      ['final', null],
    ]);
  });

  it('drops malformed latency entries and keeps the rest', () => {
    const input = toReportInput(
      ablationWith([
        {
          variant: 'final',
          epoch: 3,
          testAccuracy: null,
          backend: null,
          latency: [
            null,
            { batchSize: 1, msPerBatch: '0.4' },
            { batchSize: 256, msPerBatch: 5, msPerImage: 0.02 },
          ],
        },
      ]),
    );

    expect(input.experiments[0].models[0].latency).toEqual([
      { batchSize: 256, msPerBatch: 5, msPerImage: 0.02 },
    ]);
  });
});
