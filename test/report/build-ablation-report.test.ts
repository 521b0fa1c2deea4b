import {
  buildAblationReport,
  comparisonTable,
  meanConfidenceInterval,
  renderMarkdown,
  welchTTest,
} from '@lenet-lab/report';
import { epochMetrics, experiment, PRESETS, reportInput, SEEDS } from './support/report-fixtures';

const ACCURACIES: Record<string, number[]> = {
  baseline: [0.975, 0.973, 0.977],
  augmentation: [0.982, 0.985, 0.981],
  batchnorm: [0.985, 0.984, 0.986],
  'lr-decay-early-stop': [0.987, 0.988, 0.986],
};

function fullGrid() {
  return reportInput(
    PRESETS.flatMap((preset) =>
      SEEDS.map((seed, i) => experiment(preset, seed, { testAccuracy: ACCURACIES[preset][i] })),
    ),
  );
}

describe('buildAblationReport', () => {
  it('has one row per preset in the ablation order, each complete', () => {
    const report = buildAblationReport(fullGrid());

    expect(report.rows.map((row) => row.preset)).toEqual(PRESETS);
    expect(report.rows.map((row) => row.label)).toEqual([
      'Baseline',
      '+ augmentation',
      '+ BatchNorm',
      '+ LR decay & early stopping',
    ]);
    for (const row of report.rows) {
      expect(row.completeness).toBe('complete');
      expect(row.statusText).toBe('complete: 3 of 3 seeds');
      expect(row.seedsCounted).toBe(3);
      expect(row.seedsExpected).toBe(3);
    }
    expect(report.baselinePreset).toBe('baseline');
    expect(report.warnings).toEqual([]);
  });

  it('summarises test accuracy with mean, std and a Student-t CI', () => {
    const row = buildAblationReport(fullGrid()).rows[0];

    expect(row.testAccuracy).toEqual({
      n: 3,
      mean: expect.closeTo(0.975, 12),
      std: expect.closeTo(0.002, 12),
      ci95: meanConfidenceInterval(ACCURACIES.baseline),
    });
    expect(row.testAccuracy?.ci95?.low).toBeCloseTo(0.9700317245764993, 12);
    expect(row.publishedTestAccuracy).toBe(0.975);
  });

  it('compares every preset with the baseline by Welch', () => {
    const report = buildAblationReport(fullGrid());
    const augmentation = report.rows[1].vsBaseline!;

    expect(report.rows[0].vsBaseline).toBeNull();
    expect(augmentation.baselinePreset).toBe('baseline');
    expect(augmentation.difference).toBeCloseTo(0.0076666666666667105, 12);
    expect(augmentation.ci95?.low).toBeCloseTo(0.0030363367623991782, 10);
    expect(augmentation.ci95?.high).toBeCloseTo(0.012296996570934242, 10);
    expect(augmentation.pValue).toBeCloseTo(0.010068881361362714, 10);
    expect(augmentation.t).toBe(welchTTest(ACCURACIES.baseline, ACCURACIES.augmentation)!.t);
    expect(augmentation.note).toBeNull();
  });

  it('reports validation, epochs, speed and backends', () => {
    const input = fullGrid();
    input.experiments[0].metrics = epochMetrics(5, 0.975, (epoch) => ({
      epochSeconds: epoch === 1 ? 20 : 10,
    }));
    input.experiments[1].backend = 'wasm';
    const row = buildAblationReport(input).rows[0];

    expect(row.bestValAccuracy?.mean).toBeCloseTo(0.976, 12);
    expect(row.bestEpochMean).toBe(5);
    expect(row.epochsRunMean).toBe(5);
    expect(row.stoppedEarly).toBe(0);
    // 15 epochs: fourteen of 10 s and one of 20 s.
    expect(row.secondsPerEpoch).toBeCloseTo(160 / 15, 12);
    expect(row.imagesPerSecond).toBe(5500);
    expect(row.backends).toEqual(['cpu', 'wasm']);
  });

  it('warns when runs used different backends or code versions', () => {
    const input = fullGrid();
    input.experiments[1].backend = 'wasm';
    input.experiments[2].codeVersion = 'def5678';

    const { warnings } = buildAblationReport(input);

    expect(warnings).toContain(
      'runs used different backends (cpu, wasm): seconds per epoch are not comparable across them',
    );
    expect(warnings).toContain('runs used 2 code versions (abc1234, def5678)');
  });

  it('gives a single seed a mean but no std, CI or p-value', () => {
    const report = buildAblationReport(
      reportInput(
        [
          experiment('baseline', 1, { testAccuracy: 0.975 }),
          experiment('augmentation', 1, { testAccuracy: 0.982 }),
        ],
        ['baseline', 'augmentation'],
        [1],
      ),
    );

    expect(report.rows[0].testAccuracy).toEqual({ n: 1, mean: 0.975, std: null, ci95: null });
    expect(report.rows[1].vsBaseline).toMatchObject({
      difference: expect.closeTo(0.007, 12),
      ci95: null,
      t: null,
      df: null,
      pValue: null,
      note: 'no CI or p-value: needs at least 2 completed seeds in both presets',
    });
    expect(JSON.stringify(report)).not.toContain('NaN');
  });

  it('says so when both presets have zero variance', () => {
    const input = reportInput(
      [
        experiment('baseline', 1, { testAccuracy: 0.97 }),
        experiment('baseline', 2, { testAccuracy: 0.97 }),
        experiment('augmentation', 1, { testAccuracy: 0.98 }),
        experiment('augmentation', 2, { testAccuracy: 0.98 }),
      ],
      ['baseline', 'augmentation'],
      [1, 2],
    );

    const row = buildAblationReport(input).rows[1];

    expect(row.testAccuracy?.ci95).toEqual({ low: 0.98, high: 0.98 });
    expect(row.vsBaseline?.difference).toBeCloseTo(0.01, 12);
    expect(row.vsBaseline?.note).toBe('no CI or p-value: both presets have zero variance');
  });

  it('records metadata and the reproducibility block', () => {
    const report = buildAblationReport(fullGrid());

    expect(report.schemaVersion).toBe(1);
    expect(report.ablation).toEqual({
      id: 'abl-1',
      name: 'LeNet-5 ablation',
      presets: PRESETS,
      seeds: SEEDS,
      createdAt: '2026-01-02T03:04:05.000Z',
      // An input that says nothing of its design is an ablation of presets.
      design: 'cumulative',
      definedBySteps: false,
    });
    expect(report.generatedAt).toBe('2026-01-03T00:00:00.000Z');
    expect(report.reproducibility.experiments).toHaveLength(12);
    expect(report.reproducibility.experiments[4]).toEqual({
      experimentId: 'exp-augmentation-2',
      name: 'augmentation seed 2',
      preset: 'augmentation',
      seed: 2,
      status: 'completed',
      configHash: 'hash-augmentation-2',
      datasetSha256: {
        't10k-images-idx3-ubyte': 'aa'.repeat(32),
        't10k-labels-idx1-ubyte': 'bb'.repeat(32),
      },
      codeVersion: 'abc1234',
      backend: 'cpu',
      device: 'test-cpu',
    });
    expect(report.reproducibility.packageVersions).toEqual({
      '@tensorflow/tfjs-core': '4.22.0',
      vega: '5.33.1',
    });
    expect(report.reproducibility.codeVersions).toEqual(['abc1234']);
  });

  it("labels an ablation of steps by its rows' own names, apart from the seed's table", () => {
    const input = fullGrid();
    input.ablation = { ...input.ablation, design: 'leave-one-out', definedBySteps: true };
    const report = buildAblationReport(input);

    expect(report.ablation).toMatchObject({ design: 'leave-one-out', definedBySteps: true });
    // Row names that are also the seed's presets keep their own names and have no published number.
    expect(report.rows.map((row) => [row.label, row.publishedTestAccuracy])).toEqual(
      PRESETS.map((preset) => [preset, null]),
    );
    expect(report.curves.map((curve) => curve.label)).toEqual(PRESETS);
    expect(report.errorAnalysis.map((analysis) => analysis.label)).toEqual(PRESETS);

    const table = comparisonTable(report);
    expect(table.headers.slice(0, 5)).toEqual([
      'Row',
      'Seeds',
      'Test accuracy (%)',
      '95% CI (%)',
      'Δ vs baseline (pp)',
    ]);
    expect(table.rows[0].cells[4]).toBe('reference');
    expect(renderMarkdown(report)).toContain(
      '- Design: leave-one-out: the first row has every step, each other row leaves one out',
    );
  });

  it('counts no code version for cells that have not run yet, and so warns of none', () => {
    const input = fullGrid();
    const queued = input.experiments.find((e) => e.preset === 'batchnorm' && e.seed === 3)!;
    Object.assign(queued, { status: 'queued', codeVersion: null, testAccuracy: null, metrics: [] });
    const report = buildAblationReport(input);
    expect(report.reproducibility.codeVersions).toEqual(['abc1234']);
    expect(report.warnings.filter((warning) => warning.includes('code version'))).toEqual([]);
  });

  it('is deterministic: the same input gives the same report', () => {
    expect(buildAblationReport(fullGrid())).toEqual(buildAblationReport(fullGrid()));
  });

  it('rejects an ablation whose createdAt is not a time', () => {
    const input = reportInput([], ['baseline'], [1]);
    input.ablation.createdAt = 'yesterday';

    expect(() => buildAblationReport(input)).toThrow(
      expect.objectContaining({
        code: 'REPORT_INPUT',
        message: "the ablation's createdAt is not a time: yesterday",
      }),
    );
  });

  it('rejects an ablation that lists a seed twice', () => {
    expect(() => buildAblationReport(reportInput([], ['baseline'], [1, 1]))).toThrow(
      expect.objectContaining({ code: 'REPORT_INPUT', message: 'the ablation lists seed 1 twice' }),
    );
  });
});
