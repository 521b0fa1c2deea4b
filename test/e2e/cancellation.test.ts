import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import type { Env } from '@lenet-lab/env';
import type { RunningApi } from '@lenet-lab/api';
import { TRAINING_QUEUE } from '@lenet-lab/queue';
import type { PrismaClient } from '../../libs/db/generated/client';
import { createTestPrisma } from '../support/database';
import {
  cleanQueuePrefix,
  json,
  spawnWorker,
  startTestApi,
  testEnv,
  waitFor,
  type WorkerProcess,
} from '../support/services';

describe('Cancelling an experiment', () => {
  let env: Env;
  let api: RunningApi;
  let worker: WorkerProcess | undefined;
  let redis: IORedis;
  let queue: Queue;
  let prisma: PrismaClient;

  beforeAll(async () => {
    env = testEnv();
    api = await startTestApi(env);
    redis = new IORedis(env.REDIS_URL, { maxRetriesPerRequest: null });
    queue = new Queue(TRAINING_QUEUE, { connection: redis, prefix: env.QUEUE_PREFIX });
    prisma = createTestPrisma();
  });

  afterAll(async () => {
    await worker?.stop();
    await queue?.close();
    redis?.disconnect();
    await prisma?.$disconnect();
    await api?.close();
    await cleanQueuePrefix(env);
  });

  const submit = async (config: object) => {
    const response = await fetch(`${api.url}/api/experiments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ preset: 'baseline', config }),
    });
    expect(response.status).toBe(201);
    return json(response);
  };
  const cancel = (id: string) => fetch(`${api.url}/api/experiments/${id}`, { method: 'DELETE' });

  it('removes a queued experiment before any worker sees it', async () => {
    const experiment = await submit({ epochs: 1, trainLimit: 500 });
    const response = await cancel(experiment.id);
    expect(response.status).toBe(200);
    expect((await json(response)).status).toBe('cancelled');
    expect(await queue.getJob(experiment.id)).toBeUndefined();
  });

  it('stops a running experiment at the next batch boundary, on the worker that runs it', async () => {
    worker = spawnWorker(env);
    const experiment = await submit({ epochs: 5, trainLimit: 20000, testLimit: 500 });
    await waitFor(
      () => json(fetch(`${api.url}/api/experiments/${experiment.id}`)),
      (e) => e.status === 'running' && e.progress?.phase === 'training' && e.progress.batch > 0,
      { timeoutMs: 90_000, what: () => `training to start (${worker?.output()})` },
    );

    const cancelledAt = Date.now();
    const response = await cancel(experiment.id);
    expect(response.status).toBe(200);
    expect((await json(response)).status).toBe('cancelled');

    const job = await waitFor(
      () => queue.getJob(experiment.id),
      (j) => Boolean(j?.finishedOn),
      { timeoutMs: 30_000, intervalMs: 50, what: 'the job to end' },
    );
    // One LeNet-5 batch of 64 takes tens of milliseconds; a second covers the message hop.
    expect(job!.finishedOn! - cancelledAt).toBeLessThan(2_000);
    expect(job!.failedReason).toBeFalsy();
    expect(worker.output()).toContain('training stopped');

    const final = await json(fetch(`${api.url}/api/experiments/${experiment.id}`));
    expect(final.status).toBe('cancelled');
    expect(final.epochsRun).toBe(0);
  });

  it('lets no epoch row land after a cancel that races the end of an epoch', async () => {
    // Short epochs over a long evaluation: the cancel lands while an epoch is being scored, just
    // before its metrics row is written, or while the next one trains.
    const experiment = await submit({ epochs: 3, trainLimit: 1200, testLimit: 10000 });
    await waitFor(
      () => json(fetch(`${api.url}/api/experiments/${experiment.id}`)),
      (e) => e.progress?.phase === 'training' && e.progress.batch > 0,
      {
        timeoutMs: 90_000,
        intervalMs: 20,
        what: () => `training to start (${worker?.output()})`,
      },
    );
    const answer = await json(await cancel(experiment.id));
    expect(answer.status).toBe('cancelled');
    const rows = () => prisma.epochMetric.count({ where: { experimentId: experiment.id } });
    const atCancel = await rows();
    await waitFor(
      () => queue.getJob(experiment.id),
      (j) => Boolean(j?.finishedOn),
      { timeoutMs: 30_000, intervalMs: 50, what: 'the job to end' },
    );
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await rows()).toBe(atCancel);
    const final = await json(fetch(`${api.url}/api/experiments/${experiment.id}`));
    // epochsRun counts the rows that exist, whichever way the race went.
    expect(final.epochsRun).toBe(atCancel);
    expect(final.metrics).toHaveLength(atCancel);
  });

  it('refuses to cancel a finished experiment', async () => {
    const experiment = await submit({ epochs: 1, trainLimit: 300, testLimit: 200 });
    await waitFor(
      () => json(fetch(`${api.url}/api/experiments/${experiment.id}`)),
      (e) => e.status === 'completed',
      { timeoutMs: 90_000, what: 'the experiment to complete' },
    );
    const response = await cancel(experiment.id);
    expect(response.status).toBe(409);
    expect((await json(response)).error.message).toMatch(/already completed/);
  });
});
