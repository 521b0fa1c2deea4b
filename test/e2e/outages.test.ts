import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RunningApi } from '@lenet-lab/api';
import { migrate } from '@lenet-lab/db';
import type { Env } from '@lenet-lab/env';
import { EmbeddedPostgres, findFreePort, LocalRedis } from '@lenet-lab/local-stack';
import {
  json,
  submitExperiment,
  spawnWorker,
  startTestApi,
  testEnv,
  waitFor,
  type WorkerProcess,
} from '../support/services';

// The services that get restarted are private to this test (their own ports and data), so the
// machine's Redis and PostgreSQL, and anything else using them, are left alone.
describe('Redis and PostgreSQL restarting during a run', () => {
  let dir: string;
  let postgres: EmbeddedPostgres;
  let redis: LocalRedis;
  let env: Env;
  let api: RunningApi;
  let worker: WorkerProcess;
  const redisPassword = 'outage-test-password';
  let redisPort: number;
  let postgresPort: number;

  const startRedis = () =>
    LocalRedis.start({
      dir: path.join(dir, 'redis'),
      logFile: path.join(dir, 'redis.log'),
      port: redisPort,
      password: redisPassword,
      persist: true,
    });
  const startPostgres = () =>
    EmbeddedPostgres.start({
      dataDir: path.join(dir, 'postgres'),
      logFile: path.join(dir, 'postgres.log'),
      database: 'outage_test',
      port: postgresPort,
    });

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'lenet-lab-outage-'));
    // The cluster runs as an unprivileged user when we are root; it must get through 0700.
    chmodSync(dir, 0o755);
    [redisPort, postgresPort] = [await findFreePort(), await findFreePort()];
    [redis, postgres] = await Promise.all([startRedis(), startPostgres()]);
    await migrate({ databaseUrl: postgres.url });
    env = testEnv({ DATABASE_URL: postgres.url, REDIS_URL: redis.url });
    api = await startTestApi(env);
    worker = spawnWorker(env);
  }, 120_000);

  afterAll(async () => {
    await worker?.stop();
    await api?.close();
    await Promise.all([redis?.stop(), postgres?.stop()]);
    rmSync(dir, { recursive: true, force: true });
  });

  const read = (id: string) => json(fetch(`${api.url}/api/experiments/${id}`));
  const health = () => json(fetch(`${api.url}/healthz`));

  it('completes the run with every epoch row, and /healthz reports each outage meanwhile', async () => {
    const created = await submitExperiment(api.url, {
      preset: 'baseline',
      config: { trainLimit: 6000, testLimit: 500, epochs: 4 },
    });
    expect(created.status).toBe('queued');

    await waitFor(
      () => read(created.id),
      (e) => e.metrics?.length >= 1,
      {
        timeoutMs: 120_000,
        what: () => `the first epoch (${worker.output().slice(-1500)})`,
      },
    );
    await redis.stop();
    const duringRedisOutage = await health();
    expect(duringRedisOutage.checks.redis.ok).toBe(false);
    expect(duringRedisOutage.checks.postgres.ok).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    redis = await startRedis();
    await waitFor(health, (h) => h.status === 'ok', {
      timeoutMs: 30_000,
      what: 'the API to see Redis again',
    });

    await waitFor(
      () => read(created.id),
      (e) => e.metrics?.length >= 2,
      {
        timeoutMs: 120_000,
        what: () => `an epoch after the Redis restart (${worker.output().slice(-1500)})`,
      },
    );
    await postgres.stop();
    const duringPostgresOutage = await health();
    expect(duringPostgresOutage.checks.postgres.ok).toBe(false);
    // Long enough for the worker to reach an epoch end and find the database gone.
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    postgres = await startPostgres();

    const finished = await waitFor(
      () => read(created.id).catch(() => ({})),
      (e) => ['completed', 'failed'].includes(e.status),
      {
        timeoutMs: 180_000,
        intervalMs: 500,
        what: () => `the run to finish (${worker.output().slice(-3000)})`,
      },
    );
    expect(finished.status).toBe('completed');
    expect(finished.metrics.map((m: { epoch: number }) => m.epoch)).toEqual([1, 2, 3, 4]);
    expect(worker.output()).toMatch(
      /database unavailable; retrying the write|redis connection error/,
    );
  }, 420_000);
});
