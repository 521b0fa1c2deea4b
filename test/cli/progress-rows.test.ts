import {
  ablationRows,
  experimentRow,
  LineDisplay,
  progressDetail,
  type Ablation,
  type Experiment,
  type JobProgress,
} from '@lenet-lab/cli';

const training: JobProgress = {
  phase: 'training',
  epoch: 2,
  epochs: 3,
  batch: 120,
  batches: 235,
  fraction: 0.5,
  etaSeconds: 65,
  valAccuracy: 0.971,
};

function ablation(experiments: Ablation['experiments']): Ablation {
  return {
    id: 'a1',
    name: 'test',
    status: 'running',
    presets: ['baseline', 'batchnorm'],
    design: 'cumulative',
    definition: null,
    seeds: [1, 2],
    overrides: {},
    createdAt: '2026-11-27T23:00:00Z',
    reportBuiltAt: null,
    reportError: null,
    progress: { cells: { total: 4, finished: 1 }, presets: [] },
    experiments,
    links: { self: '/api/ablations/a1', report: '/api/ablations/a1/report?format=html' },
  };
}

describe('progressDetail', () => {
  it('shows epoch, batch, ETA and the latest validation accuracy while training', () => {
    expect(progressDetail('running', training)).toBe(
      'epoch 2/3 · batch 120/235 · ETA 1m05s · val 97.10%',
    );
  });

  it('falls back to the training loss before the first validation', () => {
    expect(progressDetail('running', { ...training, valAccuracy: null, trainLoss: 0.5 })).toBe(
      'epoch 2/3 · batch 120/235 · ETA 1m05s · loss 0.500',
    );
  });

  it('names the phases around training and the final states', () => {
    expect(progressDetail('running', { ...training, phase: 'loading' })).toBe('loading MNIST');
    expect(progressDetail('running', null)).toBe('starting');
    expect(progressDetail('queued', null)).toBe('queued');
    expect(progressDetail('completed', null, 0.9812)).toBe('completed · test 98.12%');
    expect(progressDetail('completed', null)).toBe('completed');
    expect(progressDetail('failed', training)).toBe('failed');
  });
});

describe('ablationRows', () => {
  it('orders the cells by preset as the ablation lists them, then by seed', () => {
    const rows = ablationRows(
      ablation([
        {
          id: 'e4',
          preset: 'batchnorm',
          row: 'batchnorm',
          seed: 2,
          status: 'queued',
          progress: null,
        },
        {
          id: 'e1',
          preset: 'baseline',
          row: 'baseline',
          seed: 2,
          status: 'running',
          progress: training,
        },
        {
          id: 'e3',
          preset: 'batchnorm',
          row: 'batchnorm',
          seed: 1,
          status: 'queued',
          progress: null,
        },
        {
          id: 'e2',
          preset: 'baseline',
          row: 'baseline',
          seed: 1,
          status: 'completed',
          progress: null,
        },
      ]),
      new Map([['e2', 0.95]]),
    );
    expect(rows.map((row) => row.label)).toEqual([
      'baseline seed 1',
      'baseline seed 2',
      'batchnorm seed 1',
      'batchnorm seed 2',
    ]);
    expect(rows[0]).toMatchObject({ fraction: 1, detail: 'completed · test 95.00%' });
    expect(rows[1]).toMatchObject({ fraction: 0.5, status: 'running' });
  });

  it('shows only the latest experiment of a re-run cell', () => {
    const rows = ablationRows(
      ablation([
        {
          id: 'old',
          preset: 'baseline',
          row: 'baseline',
          seed: 1,
          status: 'failed',
          progress: null,
        },
        {
          id: 'new',
          preset: 'baseline',
          row: 'baseline',
          seed: 1,
          status: 'queued',
          progress: null,
        },
      ]),
    );
    expect(rows.map((row) => row.id)).toEqual(['new']);
  });
});

describe('experimentRow', () => {
  it('labels an experiment by its name, else by preset and seed', () => {
    const experiment = {
      id: 'e1',
      name: null,
      preset: 'baseline',
      seed: 3,
      status: 'completed',
      testAccuracy: 0.9,
      // The contract's name is never null; the row falls back to preset and seed all the same.
    } as unknown as Experiment;
    expect(experimentRow(experiment)).toMatchObject({
      label: 'baseline seed 3',
      fraction: 1,
      detail: 'completed · test 90.00%',
    });
    expect(experimentRow({ ...experiment, name: 'mine' }).label).toBe('mine');
  });
});

describe('LineDisplay', () => {
  it('prints a line when an experiment changes state, and the running ones every interval', () => {
    const lines: string[] = [];
    let now = 0;
    const display = new LineDisplay((line) => lines.push(line), {
      intervalMs: 10_000,
      now: () => now,
    });
    const row = (status: 'queued' | 'running' | 'completed', detail: string) => [
      { id: 'e1', label: 'baseline seed 1', status, fraction: 0.25, detail },
    ];

    display.update('header 1', row('queued', 'queued'));
    expect(lines).toEqual(['header 1']);

    now = 1_000;
    display.update('header 2', row('running', 'epoch 1/3'));
    expect(lines.slice(1)).toEqual(['baseline seed 1: epoch 1/3']);

    now = 11_000;
    display.update('header 3', row('running', 'epoch 2/3'));
    expect(lines.slice(2)).toEqual(['header 3', '  baseline seed 1  25%  epoch 2/3']);

    now = 12_000;
    display.update('header 4', row('completed', 'completed · test 97.00%'));
    expect(lines.slice(4)).toEqual(['baseline seed 1: completed · test 97.00%']);
  });
});
