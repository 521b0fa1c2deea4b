import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import type { RunningApi } from '@lenet-lab/api';
import type { Env } from '@lenet-lab/env';
import { REPORT_QUEUE, TRAINING_QUEUE } from '@lenet-lab/queue';
import {
  cleanQueuePrefix,
  json,
  spawnWorker,
  startTestApi,
  testEnv,
  waitFor,
  type WorkerProcess,
} from '../support/services';

describe('Queue data lost (Redis restarted without persistence)', () => {
  let env: Env;
  let api: RunningApi;
  let worker: WorkerProcess | undefined;
  let redis: IORedis;

  beforeAll(async () => {
    env = testEnv();
    api = await startTestApi(env);
    redis = new IORedis(env.REDIS_URL, { maxRetriesPerRequest: null });
  });

  afterAll(async () => {
    await worker?.stop();
    redis?.disconnect();
    await api?.close();
    await cleanQueuePrefix(env);
  });

  it('an ablation whose jobs all vanished is trained and reported anyway', async () => {
    const created = await json(
      fetch(`${api.url}/api/ablations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          presets: ['baseline'],
          seeds: [1, 2],
          overrides: { trainLimit: 300, testLimit: 200, epochs: 1 },
        }),
      }),
    );
    for (const name of [TRAINING_QUEUE, REPORT_QUEUE]) {
      const queue = new Queue(name, { connection: redis, prefix: env.QUEUE_PREFIX });
      await queue.obliterate({ force: true });
      await queue.close();
    }

    worker = spawnWorker(env, { RECONCILE_INTERVAL_MS: '1000' });
    const finished = await waitFor(
      () => json(fetch(`${api.url}/api/ablations/${created.id}`)),
      (a) => a.status === 'completed' || a.status === 'failed',
      {
        timeoutMs: 120_000,
        what: () => `the ablation to finish (${worker?.output().slice(-2000)})`,
      },
    );
    expect(finished.status).toBe('completed');
    expect(finished.progress.cells).toEqual({ total: 2, finished: 2 });
    expect(finished.reportBuiltAt).not.toBeNull();
    expect(worker.output()).toContain('queued it again');
    // Above the wait's own limit, so a timeout reports the worker's output, not Jest's.
  }, 180_000);
});
