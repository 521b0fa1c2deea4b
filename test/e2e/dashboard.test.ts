import type { Browser } from 'playwright-core';
import type { RunningApi } from '@lenet-lab/api';
import type { Env } from '@lenet-lab/env';
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

const ADMIN = 'dashboard-admin-key-0123456789';

describe('Bull Board in a real browser', () => {
  let env: Env;
  let api: RunningApi;
  let worker: WorkerProcess;
  let browser: Browser;
  let experimentId: string;

  beforeAll(async () => {
    env = testEnv({ API_KEYS: ADMIN });
    api = await startTestApi(env);
    worker = spawnWorker(env);
    browser = await launchChromium();
    const created = await json(
      fetch(`${api.url}/api/experiments`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN}` },
        body: JSON.stringify({
          preset: 'baseline',
          config: { trainLimit: 300, testLimit: 200, epochs: 1 },
        }),
      }),
    );
    experimentId = created.id;
    await waitFor(
      () =>
        json(
          fetch(`${api.url}/api/experiments/${experimentId}`, {
            headers: { authorization: `Bearer ${ADMIN}` },
          }),
        ),
      (e) => e.status === 'completed',
      { timeoutMs: 90_000, what: () => `the experiment to complete (${worker.output()})` },
    );
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await worker?.stop();
    await api?.close();
    await cleanQueuePrefix(env);
  });

  it('asks for the admin key, then shows the training queue with the finished job', async () => {
    const page = await browser.newPage();
    await page.goto(`${api.url}/admin/queues`);
    expect(new URL(page.url()).pathname).toBe('/admin/login');

    await page.fill('#key', 'not-the-key');
    await page.click('#sign-in');
    await page.waitForSelector('#login-error');

    await page.fill('#key', ADMIN);
    await page.click('#sign-in');
    await page.waitForURL(/\/admin\/queues/);
    await page.getByText('training', { exact: true }).first().waitFor({ timeout: 20_000 });
    expect(await page.getByText('reports', { exact: true }).count()).toBeGreaterThan(0);

    await page.goto(`${api.url}/admin/queues/queue/training?status=completed`);
    await page.getByText(experimentId).first().waitFor({ timeout: 20_000 });
    await page.screenshot({ path: '/tmp/lenet-lab-bull-board.png', fullPage: true });
    await page.close();
  });
});
