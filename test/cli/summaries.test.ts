import { resolveConfig } from '@lenet-lab/config';
import {
  formatAblationSummary,
  formatExperimentList,
  formatExperimentSummary,
  type Ablation,
  type Experiment,
} from '@lenet-lab/cli';

const experiment: Experiment = {
  id: 'e1',
  name: 'baseline-seed1',
  preset: 'baseline',
  status: 'completed',
  config: resolveConfig({ preset: 'baseline' }),
  configHash: 'c0ffee',
  seed: 1,
  backend: 'wasm',
  device: 'cpu',
  attempts: 1,
  error: null,
  testAccuracy: 0.981,
  bestValAccuracy: 0.985,
  bestEpoch: 2,
  epochsRun: 3,
  stoppedEarly: false,
  createdAt: '2026-11-27T23:00:00Z',
  startedAt: '2026-11-27T23:00:01Z',
  finishedAt: '2026-11-27T23:01:31Z',
  metrics: [
    {
      epoch: 1,
      trainLoss: 0.5,
      trainAccuracy: 0.9,
      valAccuracy: 0.95,
      valLoss: 0.2,
      testAccuracy: null,
      testLoss: null,
      learningRate: 0.001,
      epochSeconds: 30.04,
      imagesPerSecond: 1_000,
      attempt: 1,
    },
  ],
};

describe('formatExperimentSummary', () => {
  it('shows the result, the duration and one line per epoch of a finished experiment', () => {
    const text = formatExperimentSummary(experiment);
    expect(text).toContain('Experiment e1 (baseline-seed1)');
    expect(text).toContain('started:       2026-11-27 23:00:01Z (took 1m30s)');
    expect(text).toContain('test accuracy: 98.10%');
    expect(text).toContain('best val. acc: 98.50% at epoch 2');
    expect(text).toMatch(/^1 +0\.500 +90\.00% +95\.00% +– +30\.0$/m);
  });

  it('shows the error of a failed one and its progress while it runs', () => {
    expect(formatExperimentSummary({ ...experiment, status: 'failed', error: 'NaN loss' })).toMatch(
      /error: +NaN loss/,
    );
    const running = formatExperimentSummary({
      ...experiment,
      status: 'running',
      finishedAt: null,
      progress: {
        phase: 'training',
        epoch: 1,
        epochs: 3,
        batch: 5,
        batches: 10,
        fraction: 0.2,
        etaSeconds: 12,
      },
    });
    expect(running).toMatch(/progress: +epoch 1\/3 · batch 5\/10 · ETA 12s/);
    expect(running).not.toContain('test accuracy');
  });
});

describe('formatAblationSummary', () => {
  it('counts the cells per preset and lists each cell with its accuracy', () => {
    const ablation: Ablation = {
      id: 'a1',
      name: 'quick',
      status: 'running',
      presets: ['baseline'],
      design: 'cumulative',
      definition: null,
      seeds: [1, 2],
      overrides: { epochs: 1 },
      createdAt: '2026-11-27T23:00:00Z',
      reportBuiltAt: null,
      reportError: null,
      progress: {
        cells: { total: 2, finished: 1 },
        presets: [
          {
            preset: 'baseline',
            total: 2,
            queued: 1,
            running: 0,
            completed: 1,
            failed: 0,
            cancelled: 0,
          },
        ],
      },
      experiments: [
        {
          id: 'e1',
          preset: 'baseline',
          row: 'baseline',
          seed: 1,
          status: 'completed',
          progress: null,
        },
        {
          id: 'e2',
          preset: 'baseline',
          row: 'baseline',
          seed: 2,
          status: 'queued',
          progress: null,
        },
      ],
      links: { self: '/api/ablations/a1', report: '/api/ablations/a1/report?format=html' },
    };
    const text = formatAblationSummary(ablation, new Map([['e1', 0.97]]));
    expect(text).toContain('cells:     1/2 finished');
    expect(text).toContain('report:    not built yet');
    expect(text).toMatch(/^baseline +1 +0 +1 +0 +0$/m);
    expect(text).toMatch(/^baseline seed 1 +e1 +completed · test 97\.00%$/m);
    expect(text).toMatch(/^baseline seed 2 +e2 +queued$/m);
  });
});

describe('formatExperimentList', () => {
  it('shows one row per experiment and where the page is', () => {
    const text = formatExperimentList({ items: [experiment], total: 41, limit: 1, offset: 20 });
    expect(text).toMatch(
      /^e1 +completed +baseline +1 +98\.10% +2026-11-27 23:00:00Z +baseline-seed1$/m,
    );
    expect(text).toContain('21–21 of 41');
    expect(formatExperimentList({ items: [], total: 0, limit: 20, offset: 0 })).toBe(
      'No experiments yet.',
    );
  });
});
