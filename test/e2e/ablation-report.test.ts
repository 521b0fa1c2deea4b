import type { Browser } from 'playwright-core';
import type { Env } from '@lenet-lab/env';
import type { RunningApi } from '@lenet-lab/api';
import { parse as parseCsv } from 'csv-parse/sync';
import { launchChromium } from '../support/browser';
import {
  cleanQueuePrefix,
  json,
  spawnWorker,
  startTestApi,
  testEnv,
  waitFor,
  type WorkerProcess,
} from '../support/services';

const PRESETS = ['baseline', 'augmentation', 'batchnorm', 'lr-decay-early-stop'];

describe('A quick ablation submitted over REST', () => {
  let env: Env;
  let api: RunningApi;
  let workers: WorkerProcess[];
  let browser: Browser;
  let ablationId: string;

  beforeAll(async () => {
    env = testEnv();
    api = await startTestApi(env);
    workers = [spawnWorker(env), spawnWorker(env)];
    browser = await launchChromium();

    const response = await fetch(`${api.url}/api/ablations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'e2e quick ablation',
        seeds: [1, 2],
        overrides: { trainLimit: 5000, testLimit: 2000, epochs: 3 },
      }),
    });
    expect(response.status).toBe(201);
    const created = await json(response);
    expect(created.presets).toEqual(PRESETS);
    expect(created.experiments).toHaveLength(8);
    ablationId = created.id;

    const finished = await waitFor(
      () => json(fetch(`${api.url}/api/ablations/${ablationId}`)),
      (ablation) => ['completed', 'failed'].includes(ablation.status),
      {
        timeoutMs: 300_000,
        intervalMs: 1_000,
        what: () =>
          `ablation to finish (workers: ${workers.map((w) => w.output().slice(-2000)).join('\n---\n')})`,
      },
    );
    expect(finished.status).toBe('completed');
  }, 400_000);

  afterAll(async () => {
    await browser?.close();
    await Promise.all((workers ?? []).map((worker) => worker.stop()));
    await api?.close();
    await cleanQueuePrefix(env);
  });

  it('trains every cell, shares the work between both workers and builds the report', async () => {
    const ablation = await json(fetch(`${api.url}/api/ablations/${ablationId}`));
    expect(ablation.progress.cells).toEqual({ total: 8, finished: 8 });
    for (const preset of ablation.progress.presets) {
      expect(preset).toMatchObject({ total: 2, completed: 2, failed: 0 });
    }
    expect(ablation.reportBuiltAt).not.toBeNull();
    const workersThatTrained = workers.filter((w) => w.output().includes('experiment completed'));
    expect(workersThatTrained).toHaveLength(2);
  });

  it('serves the report as JSON, CSV and Markdown with one row per preset', async () => {
    const report = await json(fetch(`${api.url}/api/ablations/${ablationId}/report?format=json`));
    expect(report.rows.map((row: { preset: string }) => row.preset)).toEqual(PRESETS);
    for (const row of report.rows) {
      expect(row.testAccuracy.n).toBe(2);
      expect(row.testAccuracy.mean).toBeGreaterThan(0.2);
      expect(row.completeness).toBe('complete');
      expect(row.predictionLatency.unmeasuredSeeds).toEqual([]);
      expect(row.predictionLatency.backends).toHaveLength(1);
      expect(row.predictionLatency.batches).toEqual([
        expect.objectContaining({ batchSize: 1, n: 2 }),
        expect.objectContaining({ batchSize: 256, n: 2 }),
      ]);
      for (const seed of row.seeds) {
        expect(seed.models[0]).toMatchObject({
          reported: true,
          links: { tfjs: expect.stringContaining(`/api/experiments/${seed.experimentId}/model?`) },
        });
      }
    }
    const csv = await (
      await fetch(`${api.url}/api/ablations/${ablationId}/report?format=csv`)
    ).text();
    const records = parseCsv(csv, { columns: true }) as Record<string, string>[];
    expect(records).toHaveLength(4);
    for (const record of records) {
      expect(Number(record.latency_batch1_ms_per_image)).toBeGreaterThan(0);
      expect(Number(record.latency_batch256_ms_per_image)).toBeGreaterThan(0);
      expect(record.latency_batch1_seeds).toBe('2');
    }
    const markdown = await (
      await fetch(`${api.url}/api/ablations/${ablationId}/report?format=md`)
    ).text();
    expect(markdown).toContain('| Baseline |');
    expect(markdown).toContain('| + LR decay & early stopping |');
    expect(markdown).toContain('## Models');
    expect(markdown).not.toMatch(/undefined|NaN/);
  });

  it('shows the table, both charts, the confusion matrices and the gallery in a real browser', async () => {
    const page = await browser.newPage();
    await page.goto(`${api.url}/api/ablations/${ablationId}/report?format=html`);
    expect(await page.locator('#comparison-table tbody tr').count()).toBe(4);
    expect(await page.locator('#chart-train-loss svg').count()).toBe(1);
    expect(await page.locator('#chart-test-accuracy svg').count()).toBe(1);
    expect(await page.locator('#chart-train-loss svg path').count()).toBeGreaterThan(4);
    expect(await page.locator('.confusion-matrix').count()).toBe(4);
    const gallery = page.locator('#gallery img');
    expect(await gallery.count()).toBeGreaterThan(0);
    const widths = await gallery.evaluateAll((images) =>
      images.map((image) => (image as unknown as { naturalWidth: number }).naturalWidth),
    );
    expect(new Set(widths)).toEqual(new Set([28]));
    await page.close();
  });

  it('shows each preset’s prediction latency and links every completed cell’s model, which the API serves', async () => {
    const page = await browser.newPage();
    await page.goto(`${api.url}/api/ablations/${ablationId}/report?format=html`);
    for (const size of [1, 256]) {
      const latencies = await page
        .locator(`#prediction-latency tbody td[data-batch="${size}"]`)
        .allTextContents();
      expect(latencies).toHaveLength(4);
      for (const text of latencies) expect(Number(text)).toBeGreaterThan(0);
    }
    expect(await page.locator('#models').textContent()).toContain(
      'served by the lenet-lab API this report came from',
    );

    const ablation = await json(fetch(`${api.url}/api/ablations/${ablationId}`));
    // The browser resolves each relative link against the page, i.e. the API that served it.
    const links = await page.locator('#models-table a.model-link').evaluateAll((anchors) =>
      anchors.map((a) => ({
        experiment: a.closest('tr')!.getAttribute('data-experiment'),
        format: a.getAttribute('data-format'),
        href: (a as unknown as { href: string }).href,
      })),
    );
    await page.close();
    for (const { id } of ablation.experiments) {
      const formats = links.filter((link) => link.experiment === id).map((link) => link.format);
      expect(formats).toEqual(expect.arrayContaining(['tfjs', 'onnx']));
    }
    for (const link of links) {
      expect(link.href.startsWith(`${api.url}/api/experiments/`)).toBe(true);
      const response = await fetch(link.href);
      expect({ href: link.href, status: response.status }).toEqual({
        href: link.href,
        status: 200,
      });
      const body = new Uint8Array(await response.arrayBuffer());
      if (link.format === 'tfjs') {
        expect(JSON.parse(new TextDecoder().decode(body))).toHaveProperty('modelTopology');
      } else {
        expect(body.byteLength).toBeGreaterThan(10_000);
      }
    }
  });

  it('answers 400 for an unknown report format and 404 for an unknown ablation', async () => {
    expect((await fetch(`${api.url}/api/ablations/${ablationId}/report?format=pdf`)).status).toBe(
      400,
    );
    const missing = await fetch(
      `${api.url}/api/ablations/00000000-0000-4000-8000-000000000000/report?format=md`,
    );
    expect(missing.status).toBe(404);
  });
});
