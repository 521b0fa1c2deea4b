import type { Env } from '@lenet-lab/env';
import type { RunningApi } from '@lenet-lab/api';
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

describe('An experiment submitted over REST', () => {
  let env: Env;
  let api: RunningApi;
  let worker: WorkerProcess;
  let prisma: PrismaClient;

  beforeAll(async () => {
    env = testEnv();
    api = await startTestApi(env);
    worker = spawnWorker(env);
    prisma = createTestPrisma();
  });

  afterAll(async () => {
    await worker?.stop();
    await api?.close();
    await prisma?.$disconnect();
    await cleanQueuePrefix(env);
  });

  it('is trained by a real worker process, with one metric row per epoch in Postgres', async () => {
    const response = await fetch(`${api.url}/api/experiments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        preset: 'baseline',
        name: 'e2e baseline',
        config: { trainLimit: 2000, testLimit: 1000, epochs: 2 },
      }),
    });
    expect(response.status).toBe(201);
    const submitted = await json(response);
    expect(submitted).toMatchObject({ name: 'e2e baseline', status: 'queued', preset: 'baseline' });
    expect(response.headers.get('location')).toBe(`/api/experiments/${submitted.id}`);

    const finished = await waitFor(
      () => json(fetch(`${api.url}/api/experiments/${submitted.id}`)),
      (experiment) => ['completed', 'failed'].includes(experiment.status),
      {
        timeoutMs: 180_000,
        what: () => `experiment to finish (worker output: ${worker.output()})`,
      },
    );

    expect(finished.error).toBeNull();
    expect(finished.status).toBe('completed');
    expect(finished.backend).toBe('wasm');
    // 58 SGD steps from PyTorch's init sit at the start of LeNet's initial plateau: the seed's own
    // PyTorch code reaches 33–74% here depending on the seed (measured, seeds 1–5). Chance is 10%.
    expect(finished.testAccuracy).toBeGreaterThan(0.3);
    expect(finished.metrics.map((m: { epoch: number }) => m.epoch)).toEqual([1, 2]);
    for (const metric of finished.metrics) {
      expect(metric.trainLoss).toBeGreaterThan(0);
      expect(metric.imagesPerSecond).toBeGreaterThan(0);
      expect(metric.testAccuracy).toBeGreaterThan(0.1);
    }
    expect(finished.metrics[1].trainLoss).toBeLessThan(finished.metrics[0].trainLoss);

    const rows = await prisma.epochMetric.count({ where: { experimentId: submitted.id } });
    expect(rows).toBe(2);
    // The finished run keeps its model, not its resumable checkpoint (weights and momentum).
    expect(await prisma.trainedModel.count({ where: { experimentId: submitted.id } })).toBe(1);
    expect(await prisma.checkpoint.count({ where: { experimentId: submitted.id } })).toBe(0);
    const stored = await prisma.experiment.findUniqueOrThrow({ where: { id: submitted.id } });
    expect(stored.datasetSha256).toMatchObject({
      'train-images-idx3-ubyte': 'ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db',
    });
    expect(stored.attempts).toBe(1);

    const listed = await json(fetch(`${api.url}/api/experiments?status=completed`));
    expect(listed.items.map((e: { id: string }) => e.id)).toContain(submitted.id);
  });
});
