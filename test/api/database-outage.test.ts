import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RunningApi } from '@lenet-lab/api';
import { migrate } from '@lenet-lab/db';
import type { Env } from '@lenet-lab/env';
import { EmbeddedPostgres, findFreePort } from '@lenet-lab/local-stack';
import {
  cleanQueuePrefix,
  json,
  startTestApi,
  submitExperiment,
  testEnv,
} from '../support/services';

// A PostgreSQL cluster of this test's own, stopped while the API runs; the machine's is untouched.
describe('The API while PostgreSQL is down', () => {
  let dir: string;
  let postgres: EmbeddedPostgres;
  let port: number;
  let env: Env;
  let api: RunningApi;
  let existing: string;

  const startPostgres = () =>
    EmbeddedPostgres.start({
      dataDir: path.join(dir, 'postgres'),
      logFile: path.join(dir, 'postgres.log'),
      database: 'outage_api_test',
      port,
    });

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'lenet-lab-db-outage-'));
    // The cluster runs as an unprivileged user when we are root; it must get through 0700.
    chmodSync(dir, 0o755);
    port = await findFreePort();
    postgres = await startPostgres();
    await migrate({ databaseUrl: postgres.url });
    env = testEnv({ DATABASE_URL: postgres.url });
    api = await startTestApi(env);
    existing = (
      await submitExperiment(api.url, { preset: 'baseline', config: { trainLimit: 100 } })
    ).id;
    await postgres.stop();
  }, 120_000);

  afterAll(async () => {
    await api?.close();
    await postgres?.stop();
    await cleanQueuePrefix(env);
    rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ['GET', '/api/experiments/:id', undefined],
    ['GET', '/api/experiments', undefined],
    ['POST', '/api/experiments', { preset: 'baseline' }],
    ['DELETE', '/api/experiments/:id', undefined],
    ['GET', '/api/experiments/:id/metrics.csv', undefined],
    ['GET', '/api/experiments/:id/models', undefined],
    ['GET', '/api/ablations', undefined],
    ['POST', '/api/ablations', { seeds: [1] }],
  ])('answers %s %s with 503 naming PostgreSQL', async (method, route, body) => {
    const response = await fetch(`${api.url}${route.replace(':id', existing)}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body && JSON.stringify(body),
    });
    const answer = await json(response);
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('5');
    expect(answer.error.code).toBe('DATABASE_UNAVAILABLE');
    expect(answer.error.message).toMatch(/^PostgreSQL is unavailable \(.+\); try again shortly$/);
  });

  it('serves again once PostgreSQL is back, and the outage changed nothing', async () => {
    postgres = await startPostgres();
    const experiment = await json(fetch(`${api.url}/api/experiments/${existing}`));
    expect(experiment.status).toBe('queued');
    const { items } = await json(fetch(`${api.url}/api/experiments`));
    expect(items.map((e: { id: string }) => e.id)).toEqual([existing]);
  });
});
