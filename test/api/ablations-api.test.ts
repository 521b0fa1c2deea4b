import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import type { Env } from '@lenet-lab/env';
import type { RunningApi } from '@lenet-lab/api';
import { REPORT_QUEUE, TRAINING_QUEUE } from '@lenet-lab/queue';
import type { PrismaClient } from '../../libs/db/generated/client';
import { createTestPrisma } from '../support/database';
import { cleanQueuePrefix, json, startTestApi, testEnv } from '../support/services';

describe('Ablations API', () => {
  let env: Env;
  let api: RunningApi;
  let prisma: PrismaClient;
  let redis: IORedis;
  let training: Queue;
  let reports: Queue;

  beforeAll(async () => {
    env = testEnv();
    api = await startTestApi(env);
    prisma = createTestPrisma();
    redis = new IORedis(env.REDIS_URL, { maxRetriesPerRequest: null });
    training = new Queue(TRAINING_QUEUE, { connection: redis, prefix: env.QUEUE_PREFIX });
    reports = new Queue(REPORT_QUEUE, { connection: redis, prefix: env.QUEUE_PREFIX });
  });

  afterAll(async () => {
    await Promise.all([training?.close(), reports?.close()]);
    redis?.disconnect();
    await api?.close();
    await prisma?.$disconnect();
    await cleanQueuePrefix(env);
  });

  const post = (body: unknown) =>
    fetch(`${api.url}/api/ablations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  const trainingJobs = () =>
    training.getJobCountByTypes('waiting', 'active', 'delayed', 'prioritized');

  it('creates one experiment per preset × seed, children of one waiting report job', async () => {
    const response = await post({
      presets: ['baseline', 'batchnorm'],
      seeds: [7, 8, 9],
      overrides: { trainLimit: 500, epochs: 1 },
    });
    expect(response.status).toBe(201);
    const ablation = await json(response);
    expect(ablation.status).toBe('queued');
    expect(ablation.experiments).toHaveLength(6);
    expect(ablation.progress.presets).toEqual([
      {
        preset: 'baseline',
        total: 3,
        queued: 3,
        running: 0,
        completed: 0,
        failed: 0,
        cancelled: 0,
      },
      {
        preset: 'batchnorm',
        total: 3,
        queued: 3,
        running: 0,
        completed: 0,
        failed: 0,
        cancelled: 0,
      },
    ]);
    const rows = await prisma.experiment.findMany({ where: { ablationId: ablation.id } });
    expect(rows.map((r) => r.seed).sort()).toEqual([7, 7, 8, 8, 9, 9]);
    for (const row of rows) {
      expect(row.config).toMatchObject({ trainLimit: 500, epochs: 1, seed: row.seed });
    }
    const waitingReports = await reports.getWaitingChildren();
    const parent = waitingReports.find((job) => job.data.ablationId === ablation.id);
    expect(parent).toBeDefined();
    const dependencies = await parent!.getDependencies();
    expect(Object.keys(dependencies.unprocessed ?? {})).toHaveLength(6);
  });

  it('defaults to the four seed presets and seeds 1, 2, 3', async () => {
    const ablation = await json(post({ overrides: { epochs: 1 } }));
    expect(ablation.presets).toEqual([
      'baseline',
      'augmentation',
      'batchnorm',
      'lr-decay-early-stop',
    ]);
    expect(ablation.seeds).toEqual([1, 2, 3]);
    expect(ablation.experiments).toHaveLength(12);
  });

  it.each([
    ['an unknown preset', { presets: ['baseline', 'vgg'] }, /unknown preset "vgg"/],
    ['a repeated seed', { seeds: [1, 1] }, /seeds.*repeat/],
    ['no seeds', { seeds: [] }, /seeds/],
    ['a bad override', { overrides: { epochs: 500 } }, /overrides\.epochs/],
    ['a seed in the overrides', { overrides: { seed: 3 } }, /overrides\.seed/],
    [
      'overrides no worker could train',
      { presets: ['lr-decay-early-stop'], overrides: { validationSplit: 0 } },
      /earlyStopping\.enabled: early stopping needs validation images, but validationSplit 0/,
    ],
    ['an unknown field', { presets: ['baseline'], priority: 'high' }, /priority/],
    ['malformed JSON', '{"presets": [', /not valid JSON/],
  ])('rejects %s, writing and enqueueing nothing', async (_what, body, message) => {
    const [ablations, experiments, jobs] = [
      await prisma.ablation.count(),
      await prisma.experiment.count(),
      await trainingJobs(),
    ];
    const response = await post(body);
    expect(response.status).toBe(400);
    expect((await json(response)).error.message).toMatch(message);
    expect(await prisma.ablation.count()).toBe(ablations);
    expect(await prisma.experiment.count()).toBe(experiments);
    expect(await trainingJobs()).toBe(jobs);
  });

  it('re-runs only the cells that failed, under a new report job', async () => {
    const ablation = await json(
      post({ presets: ['baseline'], seeds: [1, 2], overrides: { epochs: 1 } }),
    );
    const [first, second] = ablation.experiments;
    await prisma.experiment.update({ where: { id: first.id }, data: { status: 'completed' } });
    await prisma.experiment.update({
      where: { id: second.id },
      data: { status: 'failed', error: 'worker ran out of memory' },
    });

    const response = await fetch(`${api.url}/api/ablations/${ablation.id}/rerun`, {
      method: 'POST',
    });
    expect(response.status).toBe(202);
    const rerun = await json(response);
    expect(rerun.rerun).toHaveLength(1);
    const added = await prisma.experiment.findUniqueOrThrow({ where: { id: rerun.rerun[0] } });
    expect(added).toMatchObject({
      preset: 'baseline',
      seed: 2,
      status: 'queued',
      ablationId: ablation.id,
    });
    expect(rerun.progress.presets[0]).toMatchObject({ completed: 1, queued: 1, failed: 0 });
    expect(await training.getJob(added.id)).toBeDefined();

    const nothingToDo = await fetch(`${api.url}/api/ablations/${ablation.id}/rerun`, {
      method: 'POST',
    });
    expect(nothingToDo.status).toBe(200);
    expect((await json(nothingToDo)).rerun).toEqual([]);
  });

  it('answers 404 for an unknown ablation and 400 for a malformed id', async () => {
    expect(
      (await fetch(`${api.url}/api/ablations/00000000-0000-4000-8000-000000000000`)).status,
    ).toBe(404);
    expect((await fetch(`${api.url}/api/ablations/42`)).status).toBe(400);
  });
});
