import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import type { Env } from '@lenet-lab/env';
import type { RunningApi } from '@lenet-lab/api';
import { TRAINING_QUEUE } from '@lenet-lab/queue';
import type { PrismaClient } from '../../libs/db/generated/client';
import { createTestPrisma } from '../support/database';
import { cleanQueuePrefix, json, startTestApi, testEnv } from '../support/services';

describe('Experiments API', () => {
  let env: Env;
  let api: RunningApi;
  let prisma: PrismaClient;
  let redis: IORedis;
  let queue: Queue;

  beforeAll(async () => {
    env = testEnv();
    api = await startTestApi(env);
    prisma = createTestPrisma();
    redis = new IORedis(env.REDIS_URL, { maxRetriesPerRequest: null });
    queue = new Queue(TRAINING_QUEUE, { connection: redis, prefix: env.QUEUE_PREFIX });
  });

  afterAll(async () => {
    await queue?.close();
    redis?.disconnect();
    await api?.close();
    await prisma?.$disconnect();
    await cleanQueuePrefix(env);
  });

  const post = (body: string, contentType = 'application/json') =>
    fetch(`${api.url}/api/experiments`, {
      method: 'POST',
      headers: { 'content-type': contentType },
      body,
    });

  const jobCount = () => queue.getJobCountByTypes('waiting', 'active', 'delayed', 'prioritized');

  it('answers 201 with the experiment, writes one row and enqueues one job with the same id', async () => {
    const before = await jobCount();
    const response = await post(JSON.stringify({ preset: 'batchnorm', config: { epochs: 3 } }));
    expect(response.status).toBe(201);
    const body = await json(response);
    expect(body).toMatchObject({ status: 'queued', preset: 'batchnorm', name: 'batchnorm-seed1' });
    expect(body.config).toMatchObject({ epochs: 3, model: { batchNorm: true } });
    expect(body.metrics).toEqual([]);
    expect(await prisma.experiment.count({ where: { id: body.id } })).toBe(1);
    expect(await jobCount()).toBe(before + 1);
    const job = await queue.getJob(body.id);
    expect(job?.data).toEqual({ experimentId: body.id });
  });

  describe('bad input', () => {
    const cases: [string, string, number, RegExp][] = [
      ['malformed JSON', '{"preset": "baseline",', 400, /not valid JSON/],
      [
        'an unknown preset',
        JSON.stringify({ preset: 'resnet50' }),
        400,
        /unknown preset "resnet50"/,
      ],
      ['an out-of-range field', JSON.stringify({ config: { epochs: 0 } }), 400, /epochs/],
      [
        'a field of the wrong type',
        JSON.stringify({ config: { batchSize: 'big' } }),
        400,
        /batchSize/,
      ],
      ['an unknown config field', JSON.stringify({ config: { dropout: 0.5 } }), 400, /dropout/],
      [
        'an unknown top-level field',
        JSON.stringify({ preset: 'baseline', priority: 1 }),
        400,
        /priority/,
      ],
      ['a config that is not an object', JSON.stringify({ config: [1] }), 400, /config/],
      [
        'a config no worker can train (early stopping without a validation set)',
        JSON.stringify({ config: { validationSplit: 0, earlyStopping: { enabled: true } } }),
        400,
        /earlyStopping\.enabled: early stopping needs validation images, but validationSplit 0/,
      ],
      ['a body that is not an object', JSON.stringify([1, 2]), 400, /body/],
      ['an oversized body', JSON.stringify({ name: 'x'.repeat(200_000) }), 413, /too large/],
    ];

    it.each(cases)(
      'rejects %s with a clear message, writing and enqueueing nothing',
      async (_what, body, status, message) => {
        const rowsBefore = await prisma.experiment.count();
        const jobsBefore = await jobCount();
        const response = await post(body);
        expect(response.status).toBe(status);
        const payload = await json(response);
        expect(payload.error.message).toMatch(message);
        expect(JSON.stringify(payload)).not.toMatch(/at .*\.ts:\d+/);
        expect(await prisma.experiment.count()).toBe(rowsBefore);
        expect(await jobCount()).toBe(jobsBefore);
      },
    );
  });

  it('answers 404 for an experiment that does not exist and 400 for an id that is not one', async () => {
    const missing = await fetch(`${api.url}/api/experiments/00000000-0000-4000-8000-000000000000`);
    expect(missing.status).toBe(404);
    const malformed = await fetch(`${api.url}/api/experiments/not-an-id`);
    expect(malformed.status).toBe(400);
    expect((await json(malformed)).error.message).toMatch(/params.id/);
  });

  it('serves the epochs as CSV with the JSON metrics’ fields, and 404 for a missing experiment', async () => {
    const created = await json(post(JSON.stringify({ preset: 'baseline', name: 'csv, "quoted"' })));
    const epoch = (n: number, valLoss: number | null) => ({
      experimentId: created.id,
      epoch: n,
      trainLoss: 0.5 / n,
      trainAccuracy: 0.9,
      valLoss,
      valAccuracy: valLoss === null ? null : 0.95,
      testLoss: null,
      testAccuracy: 0.96,
      learningRate: 0.01,
      epochSeconds: 7.25,
      imagesPerSecond: 8000,
    });
    await prisma.epochMetric.createMany({ data: [epoch(2, null), epoch(1, 0.3)] });

    const response = await fetch(`${api.url}/api/experiments/${created.id}/metrics.csv`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toContain('metrics.csv');
    const lines = (await response.text()).split('\r\n');
    const view = await json(fetch(`${api.url}/api/experiments/${created.id}`));
    expect(lines[0].split(',')).toEqual(Object.keys(view.metrics[0]));
    expect(lines.slice(1)).toEqual([
      '1,0.5,0.9,0.3,0.95,,0.96,0.01,7.25,8000,0',
      '2,0.25,0.9,,,,0.96,0.01,7.25,8000,0',
      '',
    ]);

    const missing = await fetch(
      `${api.url}/api/experiments/00000000-0000-4000-8000-000000000000/metrics.csv`,
    );
    expect(missing.status).toBe(404);
  });

  it('lists experiments newest first, filtered by status and paginated', async () => {
    for (let i = 0; i < 3; i++) {
      expect((await post(JSON.stringify({ preset: 'baseline', name: `list-${i}` }))).status).toBe(
        201,
      );
    }
    const page = await json(fetch(`${api.url}/api/experiments?status=queued&limit=2`));
    expect(page.items).toHaveLength(2);
    expect(page.items.map((e: { name: string }) => e.name)).toEqual(['list-2', 'list-1']);
    expect(page.total).toBeGreaterThanOrEqual(4);
    const next = await json(fetch(`${api.url}/api/experiments?status=queued&limit=2&offset=2`));
    expect(next.items[0].name).toBe('list-0');
    const badStatus = await fetch(`${api.url}/api/experiments?status=done`);
    expect(badStatus.status).toBe(400);
    const badLimit = await fetch(`${api.url}/api/experiments?limit=0`);
    expect(badLimit.status).toBe(400);
  });

  it('reports healthy Redis and Postgres at /healthz', async () => {
    const response = await fetch(`${api.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await json(response)).toMatchObject({
      status: 'ok',
      checks: { redis: { ok: true }, postgres: { ok: true } },
    });
  });
});
