import type { RunningApi } from '@lenet-lab/api';
import type { Env } from '@lenet-lab/env';
import {
  cleanQueuePrefix,
  json,
  spawnWorker,
  startTestApi,
  testEnv,
  waitFor,
  type WorkerProcess,
} from '../support/services';

/** Seconds per cell: the rows' names and reference are the point, not the accuracy. */
const TINY = { trainLimit: 300, testLimit: 200, epochs: 1 };

/** Three changes to the seed's LeNet-5, each a step of its own. */
const STEPS = [
  { name: 'adam', config: { optimizer: { type: 'adam', learningRate: 0.001 } } },
  { name: 'dropout', config: { model: { dropout: 0.3 } } },
  { name: 'tanh + avg pooling', config: { model: { activation: 'tanh', pooling: 'avg' } } },
];

interface ReportRow {
  preset: string;
  label: string;
  publishedTestAccuracy: number | null;
  testAccuracy: { mean: number } | null;
  vsBaseline: { difference: number } | null;
}

describe('Ablations defined by steps, trained by a worker', () => {
  let env: Env;
  let api: RunningApi;
  let worker: WorkerProcess;

  beforeAll(async () => {
    env = testEnv();
    api = await startTestApi(env);
    worker = spawnWorker(env);
  });

  afterAll(async () => {
    await worker?.stop();
    await api?.close();
    if (env) await cleanQueuePrefix(env);
  });

  /** Submits the ablation and waits for its report. */
  async function trained(
    body: object,
    overrides: object = TINY,
  ): Promise<{ id: string; report: { rows: ReportRow[] } }> {
    const response = await fetch(`${api.url}/api/ablations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...body, overrides }),
    });
    expect(response.status).toBe(201);
    const { id } = await json(response);
    const finished = await waitFor(
      () => json(fetch(`${api.url}/api/ablations/${id}`)),
      (ablation) => ['completed', 'failed'].includes(ablation.status),
      {
        timeoutMs: 240_000,
        intervalMs: 1_000,
        what: () => `the ablation to finish (worker: ${worker.output().slice(-2000)})`,
      },
    );
    expect(finished.status).toBe('completed');
    const report = await json(fetch(`${api.url}/api/ablations/${id}/report?format=json`));
    return { id, report };
  }

  it('one-factor: rows carry the steps’ names and differ from the baseline', async () => {
    const { id, report } = await trained({ design: 'one-factor', steps: STEPS, seeds: [1, 2] });
    expect(report).toMatchObject({
      ablation: { design: 'one-factor', definedBySteps: true },
      baselinePreset: 'baseline',
    });
    expect(report.rows.map((row) => [row.preset, row.label])).toEqual([
      ['baseline', 'baseline'],
      ['adam', 'adam'],
      ['dropout', 'dropout'],
      ['tanh + avg pooling', 'tanh + avg pooling'],
    ]);
    // Not read against the seed's table, though "baseline" is one of its presets too.
    expect(report.rows.map((row) => row.publishedTestAccuracy)).toEqual([null, null, null, null]);
    const [baseline, ...others] = report.rows;
    expect(baseline.vsBaseline).toBeNull();
    for (const row of others) {
      expect(row.vsBaseline!.difference).toBeCloseTo(
        row.testAccuracy!.mean - baseline.testAccuracy!.mean,
        12,
      );
    }

    const markdown = await (await fetch(`${api.url}/api/ablations/${id}/report?format=md`)).text();
    expect(markdown).toContain('- Design: one-factor: each row is the baseline plus that one step');
    expect(markdown).toContain('- Differences against: baseline');
    expect(markdown).toContain('Δ vs baseline (pp)');
  }, 300_000);

  it('leave-one-out: differences are against the row of every step', async () => {
    const { report } = await trained({
      design: 'leave-one-out',
      steps: STEPS.slice(0, 2),
      seeds: [1],
    });
    expect(report.rows.map((row) => row.label)).toEqual([
      'all steps',
      'without adam',
      'without dropout',
    ]);
    const [all, ...others] = report.rows;
    for (const row of others) {
      expect(row.vsBaseline!.difference).toBeCloseTo(
        row.testAccuracy!.mean - all.testAccuracy!.mean,
        12,
      );
    }
  }, 300_000);

  it('sweep: one row per value, and the curve of accuracy against it', async () => {
    const values = [120, 400, 1200];
    const { id, report } = await trained(
      { sweep: { field: 'trainLimit', values }, seeds: [1] },
      { testLimit: 200, epochs: 1 },
    );
    expect(report).toMatchObject({
      ablation: { design: 'sweep', sweep: { field: 'trainLimit', values } },
      baselinePreset: 'trainLimit=120',
    });
    expect(report.rows.map((row) => row.label)).toEqual(values.map((v) => `trainLimit=${v}`));
    for (const row of report.rows) expect(row.testAccuracy!.mean).toBeGreaterThan(0);

    // The values span a decade: the chart's axis is logarithmic.
    const html = await (await fetch(`${api.url}/api/ablations/${id}/report?format=html`)).text();
    const chart = html.match(/<figure class="chart" id="chart-sweep">([\s\S]*?)<\/figure>/);
    expect(chart).not.toBeNull();
    expect(chart![1]).toContain('<svg');
    expect(chart![1]).toContain('trainLimit (log scale)');
  }, 300_000);
});
