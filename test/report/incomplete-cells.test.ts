import { buildAblationReport } from '@lenet-lab/report';
import { experiment, reportInput } from './support/report-fixtures';

const PRESETS = ['baseline', 'augmentation'];

describe('incomplete cells', () => {
  it('flags a preset with a failed seed, naming the seed and the first line of the error', () => {
    const input = reportInput(
      [
        ...[1, 2, 3].map((seed) => experiment('baseline', seed)),
        experiment('augmentation', 1, { testAccuracy: 0.981 }),
        experiment('augmentation', 2, { testAccuracy: 0.983 }),
        experiment('augmentation', 3, {
          status: 'failed',
          error: 'out of memory\n    at Trainer.fit (trainer.ts:12)',
          testAccuracy: null,
          result: null,
        }),
      ],
      PRESETS,
    );

    const row = buildAblationReport(input).rows[1];

    expect(row.completeness).toBe('incomplete');
    expect(row.statusText).toBe('incomplete: 1 of 3 seeds missing (seed 3 failed: out of memory)');
    expect(row.seedsCounted).toBe(2);
    // Statistics are over the completed seeds only: the failed one adds nothing.
    expect(row.testAccuracy?.n).toBe(2);
    expect(row.testAccuracy?.mean).toBeCloseTo(0.982, 12);
    expect(row.seeds[2]).toMatchObject({
      seed: 3,
      status: 'failed',
      counted: false,
      reason: 'failed: out of memory',
    });
    expect(row.vsBaseline?.note).toBe('over completed seeds only (augmentation incomplete)');
    expect(row.vsBaseline?.pValue).not.toBeNull();
  });

  it('lists every kind of missing seed in seed order', () => {
    const input = reportInput(
      [
        experiment('baseline', 1),
        experiment('baseline', 2, { status: 'running', testAccuracy: null, result: null }),
        experiment('baseline', 3, { status: 'cancelled', testAccuracy: null, result: null }),
        experiment('baseline', 4, {
          status: 'retrying',
          error: 'redis timeout',
          testAccuracy: null,
          result: null,
        }),
        experiment('baseline', 5, { status: 'queued', testAccuracy: null, result: null }),
        experiment('baseline', 7, { status: 'completed', testAccuracy: null }),
      ],
      ['baseline'],
      [1, 2, 3, 4, 5, 6, 7],
    );

    const row = buildAblationReport(input).rows[0];

    expect(row.statusText).toBe(
      'incomplete: 6 of 7 seeds missing (seed 2 still running; seed 3 cancelled; seed 4 retrying after: redis timeout; ' +
        'seed 5 queued; seed 6 not run; seed 7 completed without a test accuracy)',
    );
    expect(row.seeds.map((s) => s.status)).toEqual([
      'completed',
      'running',
      'cancelled',
      'retrying',
      'queued',
      'not-run',
      'completed',
    ]);
    expect(row.testAccuracy).toEqual({ n: 1, mean: 0.98, std: null, ci95: null });
  });

  it('shows no statistics for a preset without any completed seed', () => {
    const input = reportInput(
      [
        experiment('baseline', 1),
        experiment('baseline', 2),
        experiment('augmentation', 1, {
          status: 'failed',
          error: null,
          testAccuracy: null,
          result: null,
        }),
      ],
      PRESETS,
      [1, 2],
    );

    const report = buildAblationReport(input);
    const row = report.rows[1];

    expect(row.completeness).toBe('empty');
    expect(row.statusText).toBe(
      'no completed seeds: 2 of 2 seeds missing (seed 1 failed; seed 2 not run)',
    );
    expect(row.testAccuracy).toBeNull();
    expect(row.secondsPerEpoch).toBeNull();
    expect(row.vsBaseline).toMatchObject({
      difference: null,
      note: 'no difference: a preset has no completed seeds',
    });
    expect(report.curves[1].points).toEqual([]);
    expect(report.errorAnalysis[1].confusionMatrix).toBeNull();
  });

  it('cuts a long error to a readable status line', () => {
    const input = reportInput(
      [experiment('baseline', 1, { status: 'failed', error: 'x'.repeat(500), testAccuracy: null })],
      ['baseline'],
      [1],
    );

    const { statusText } = buildAblationReport(input, { reasonLength: 20 }).rows[0];

    expect(statusText).toBe(
      `no completed seeds: 1 of 1 seed missing (seed 1 failed: ${'x'.repeat(19)}…)`,
    );
  });

  it('prefers a completed re-run over a failed attempt of the same cell, and says so', () => {
    const failed = experiment('baseline', 1, {
      id: 'first',
      status: 'failed',
      error: 'boom',
      testAccuracy: null,
    });
    const rerun = experiment('baseline', 1, { id: 'rerun', testAccuracy: 0.976 });

    const report = buildAblationReport(reportInput([rerun, failed], ['baseline'], [1]));

    expect(report.rows[0].seeds[0]).toMatchObject({ experimentId: 'rerun', counted: true });
    expect(report.warnings).toEqual([
      'preset baseline, seed 1 has 2 experiments; the report uses rerun (completed)',
    ]);
    expect(report.reproducibility.experiments.map((e) => e.experimentId)).toEqual(['rerun']);
  });

  it('ignores experiments outside the grid with a warning', () => {
    const input = reportInput(
      [experiment('baseline', 1), experiment('baseline', 9), experiment('dropout', 1)],
      ['baseline'],
      [1],
    );

    const report = buildAblationReport(input);

    expect(report.rows[0].statusText).toBe('complete: 1 of 1 seed');
    expect(report.warnings).toEqual([
      "experiment exp-baseline-9 (preset baseline, seed 9) is outside the ablation's grid and is ignored",
      "experiment exp-dropout-1 (preset dropout, seed 1) is outside the ablation's grid and is ignored",
    ]);
  });
});
