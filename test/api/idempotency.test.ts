import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import type { Env } from '@lenet-lab/env';
import type { RunningApi } from '@lenet-lab/api';
import {
  ExperimentRepository,
  IdempotencyKeyTakenError,
  IdempotencyRepository,
} from '@lenet-lab/db';
import { createOnce, requestHash } from '@lenet-lab/idempotency';
import { REPORT_QUEUE, TRAINING_QUEUE } from '@lenet-lab/queue';
import type { PrismaClient } from '../../libs/db/generated/client';
import { createTestPrisma } from '../support/database';
import { cleanQueuePrefix, json, startTestApi, testEnv } from '../support/services';

const CONCURRENT_REQUESTS = 10;

function statusCounts(responses: Response[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const { status } of responses) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
}

describe('Idempotency-Key on create requests', () => {
  let env: Env;
  let api: RunningApi;
  let prisma: PrismaClient;
  let redis: IORedis;
  let training: Queue;
  let reports: Queue;

  beforeAll(async () => {
    env = testEnv({ WRITE_RATE_LIMIT_PER_MINUTE: '10000' });
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

  const post = (path: string, body: unknown, key?: string) =>
    fetch(`${api.url}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(key !== undefined && { 'idempotency-key': key }),
      },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  const trainingJobs = () =>
    training.getJobCountByTypes('waiting', 'active', 'delayed', 'prioritized');
  const reportJobs = () =>
    reports.getJobCountByTypes('waiting', 'waiting-children', 'active', 'delayed');
  const keyRows = (key: string) => prisma.idempotencyKey.findMany({ where: { key } });
  const uniqueName = (what: string) => `${what}-${randomUUID()}`;

  describe('POST /api/experiments', () => {
    const experimentsNamed = (name: string) => prisma.experiment.count({ where: { name } });

    it('answers a replay with the same experiment (200, Idempotent-Replayed), writing and enqueueing nothing more', async () => {
      const key = `exp-${randomUUID()}`;
      const name = uniqueName('replay');
      const first = await post(
        '/api/experiments',
        { name, preset: 'baseline', config: { epochs: 2 } },
        key,
      );
      expect(first.status).toBe(201);
      expect(first.headers.get('idempotent-replayed')).toBeNull();
      const created = await json(first);
      const jobsAfterFirst = await trainingJobs();

      // Same request, other key order and spacing: the hash is of the canonical JSON.
      const replay = await post(
        '/api/experiments',
        `{ "config": {"epochs": 2},   "preset": "baseline", "name": ${JSON.stringify(name)} }`,
        key,
      );
      expect(replay.status).toBe(200);
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      expect(replay.headers.get('location')).toBe(`/api/experiments/${created.id}`);
      const replayed = await json(replay);
      expect(replayed).toEqual(created);

      expect(await experimentsNamed(name)).toBe(1);
      expect(await trainingJobs()).toBe(jobsAfterFirst);
      expect(await keyRows(key)).toEqual([
        expect.objectContaining({
          scope: 'POST /api/experiments',
          resourceType: 'experiment',
          resourceId: created.id,
        }),
      ]);
    });

    it('refuses the key with a different body (422 IDEMPOTENCY_KEY_REUSED), writing nothing', async () => {
      const key = `exp-${randomUUID()}`;
      const name = uniqueName('reuse');
      expect((await post('/api/experiments', { name, config: { epochs: 2 } }, key)).status).toBe(
        201,
      );
      const [keyBefore] = await keyRows(key);
      const jobsBefore = await trainingJobs();

      const reused = await post('/api/experiments', { name, config: { epochs: 3 } }, key);
      expect(reused.status).toBe(422);
      const body = await json(reused);
      expect(body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
      expect(body.error.message).toMatch(/already used .* different request body/);

      expect(await experimentsNamed(name)).toBe(1);
      expect(await trainingJobs()).toBe(jobsBefore);
      expect(await keyRows(key)).toEqual([keyBefore]);
    });

    it('forgets a key older than IDEMPOTENCY_KEY_TTL_HOURS: the same key then creates anew', async () => {
      const key = `exp-${randomUUID()}`;
      const name = uniqueName('expired');
      const first = await json(post('/api/experiments', { name, config: { epochs: 2 } }, key));
      // Two days old, past the default 24 h.
      await prisma.idempotencyKey.updateMany({
        where: { key },
        data: { createdAt: new Date(Date.now() - 48 * 3_600_000) },
      });
      const again = await post('/api/experiments', { name, config: { epochs: 3 } }, key);
      expect(again.status).toBe(201);
      const second = await json(again);
      expect(second.id).not.toBe(first.id);
      expect(await experimentsNamed(name)).toBe(2);
      expect((await keyRows(key)).map((row) => row.resourceId)).toEqual([second.id]);
    });

    it(`creates one experiment and one job from ${CONCURRENT_REQUESTS} identical requests racing`, async () => {
      const key = `exp-${randomUUID()}`;
      const name = uniqueName('race');
      const jobsBefore = await trainingJobs();
      const responses = await Promise.all(
        Array.from({ length: CONCURRENT_REQUESTS }, () =>
          post('/api/experiments', { name, preset: 'baseline' }, key),
        ),
      );
      expect(statusCounts(responses)).toEqual({ 201: 1, 200: CONCURRENT_REQUESTS - 1 });
      const ids = new Set(await Promise.all(responses.map(async (r) => (await json(r)).id)));
      expect(ids.size).toBe(1);

      expect(await experimentsNamed(name)).toBe(1);
      expect(await trainingJobs()).toBe(jobsBefore + 1);
      const [id] = ids;
      expect(await training.getJob(id)).toBeDefined();
      expect(await keyRows(key)).toHaveLength(1);
    });

    it('creates two experiments from two identical requests without a key', async () => {
      const name = uniqueName('no-key');
      const jobsBefore = await trainingJobs();
      const first = await json(post('/api/experiments', { name }));
      const second = await json(post('/api/experiments', { name }));
      expect(first.id).not.toBe(second.id);
      expect(await experimentsNamed(name)).toBe(2);
      expect(await trainingJobs()).toBe(jobsBefore + 2);
    });

    it.each([
      ['an empty key', ''],
      ['a key of 201 characters', 'k'.repeat(201)],
      ['a key with a tab in it', 'a\tb'],
      ['a key with a non-ASCII character', 'caf\u00e9'],
    ])('answers 400 for %s, writing nothing', async (_what, key) => {
      const name = uniqueName('bad-key');
      const response = await post('/api/experiments', { name }, key);
      expect(response.status).toBe(400);
      const body = await json(response);
      expect(body.error.code).toBe('INVALID_IDEMPOTENCY_KEY');
      expect(body.error.message).toMatch(/Idempotency-Key/);
      expect(await experimentsNamed(name)).toBe(0);
    });

    it('accepts a key of 200 printable characters', async () => {
      const key = `${randomUUID()}~!@#$%^&*()_+{}|:"<>? `.padEnd(200, 'x');
      const response = await post('/api/experiments', { name: uniqueName('long-key') }, key);
      expect(response.status).toBe(201);
      expect(await keyRows(key)).toHaveLength(1);
    });
  });

  describe('POST /api/ablations', () => {
    const ablationBody = (name: string) => ({
      name,
      presets: ['baseline', 'batchnorm'],
      seeds: [1, 2],
      overrides: { trainLimit: 500, epochs: 1 },
    });
    const ablationsNamed = (name: string) => prisma.ablation.count({ where: { name } });
    const cellsOf = (name: string) => prisma.experiment.count({ where: { ablation: { name } } });

    it('answers a replay with the same ablation (200, Idempotent-Replayed), writing and enqueueing nothing more', async () => {
      const key = `abl-${randomUUID()}`;
      const name = uniqueName('ablation-replay');
      const first = await post('/api/ablations', ablationBody(name), key);
      expect(first.status).toBe(201);
      const created = await json(first);
      expect(created.experiments).toHaveLength(4);
      const [trainingBefore, reportsBefore] = [await trainingJobs(), await reportJobs()];

      const replay = await post('/api/ablations', ablationBody(name), key);
      expect(replay.status).toBe(200);
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      const replayed = await json(replay);
      expect(replayed.id).toBe(created.id);
      expect(replayed.experiments.map((e: { id: string }) => e.id).sort()).toEqual(
        created.experiments.map((e: { id: string }) => e.id).sort(),
      );

      expect(await ablationsNamed(name)).toBe(1);
      expect(await cellsOf(name)).toBe(4);
      expect(await trainingJobs()).toBe(trainingBefore);
      expect(await reportJobs()).toBe(reportsBefore);
    });

    it('refuses the key with a different body (422 IDEMPOTENCY_KEY_REUSED), writing nothing', async () => {
      const key = `abl-${randomUUID()}`;
      const name = uniqueName('ablation-reuse');
      expect((await post('/api/ablations', ablationBody(name), key)).status).toBe(201);
      const [trainingBefore, reportsBefore] = [await trainingJobs(), await reportJobs()];

      const reused = await post('/api/ablations', { ...ablationBody(name), seeds: [1, 2, 3] }, key);
      expect(reused.status).toBe(422);
      expect((await json(reused)).error.code).toBe('IDEMPOTENCY_KEY_REUSED');

      expect(await ablationsNamed(name)).toBe(1);
      expect(await cellsOf(name)).toBe(4);
      expect(await trainingJobs()).toBe(trainingBefore);
      expect(await reportJobs()).toBe(reportsBefore);
    });

    it(`creates one ablation and one flow from ${CONCURRENT_REQUESTS} identical requests racing`, async () => {
      const key = `abl-${randomUUID()}`;
      const name = uniqueName('ablation-race');
      const [trainingBefore, reportsBefore] = [await trainingJobs(), await reportJobs()];
      const responses = await Promise.all(
        Array.from({ length: CONCURRENT_REQUESTS }, () =>
          post('/api/ablations', ablationBody(name), key),
        ),
      );
      expect(statusCounts(responses)).toEqual({ 201: 1, 200: CONCURRENT_REQUESTS - 1 });
      const ids = new Set(await Promise.all(responses.map(async (r) => (await json(r)).id)));
      expect(ids.size).toBe(1);

      expect(await ablationsNamed(name)).toBe(1);
      expect(await cellsOf(name)).toBe(4);
      expect(await trainingJobs()).toBe(trainingBefore + 4);
      expect(await reportJobs()).toBe(reportsBefore + 1);
    });

    it('creates two ablations from two identical requests without a key', async () => {
      const name = uniqueName('ablation-no-key');
      const first = await json(post('/api/ablations', ablationBody(name)));
      const second = await json(post('/api/ablations', ablationBody(name)));
      expect(first.id).not.toBe(second.id);
      expect(await ablationsNamed(name)).toBe(2);
      expect(await cellsOf(name)).toBe(8);
    });
  });

  describe('a claim in the creating transaction', () => {
    it('lets only one of two requests that both read an expired key create anew', async () => {
      const repository = new IdempotencyRepository(prisma);
      const experiments = new ExperimentRepository(prisma);
      const scope = 'test';
      const key = randomUUID();
      const name = uniqueName('expired-race');
      const fields = { name, config: {}, configHash: 'c', seed: 1 };
      await experiments.create(fields, { scope, key, requestHash: requestHash({ name }) });
      await prisma.idempotencyKey.updateMany({
        where: { key },
        data: { createdAt: new Date(Date.now() - 48 * 3_600_000) },
      });
      // Both read the expired row before either forgets it; B forgets only after A created.
      let bothRead!: () => void;
      const reads = new Promise<void>((resolve) => (bothRead = resolve));
      let readers = 0;
      let aCreated!: () => void;
      const aDone = new Promise<void>((resolve) => (aCreated = resolve));
      const request = (forgetAfter: Promise<void> | null, onCreated: () => void) =>
        createOnce({
          keys: {
            find: async (s, k) => {
              const record = await repository.find(s, k);
              if (++readers === 2) bothRead();
              if (readers <= 2) await reads;
              return record;
            },
            forget: async (record) => {
              await forgetAfter;
              await repository.forget(record);
            },
          },
          ttlMs: 24 * 3_600_000,
          scope,
          key,
          request: { name },
          create: async (claim) => {
            const created = await experiments.create(fields, claim);
            onCreated();
            return created;
          },
        });
      const [a, b] = await Promise.all([request(null, aCreated), request(aDone, () => undefined)]);

      expect(a.replayed).toBe(false);
      expect(b).toEqual({ replayed: true, resourceId: a.replayed ? '' : a.created.id });
      expect(await prisma.experiment.count({ where: { name } })).toBe(2);
    });

    it('lets one of several transactions racing for a key commit; the others fail having written nothing', async () => {
      const repository = new IdempotencyRepository(prisma);
      const experiments = new ExperimentRepository(prisma);
      const claim = { scope: 'test', key: randomUUID(), requestHash: 'h' };
      const name = uniqueName('repository-race');
      const experiment = { name, config: {}, configHash: 'c', seed: 1 };
      const outcomes = await Promise.allSettled(
        Array.from({ length: 4 }, () => experiments.create(experiment, claim)),
      );
      const won = outcomes.filter((o) => o.status === 'fulfilled');
      const lost = outcomes.filter((o) => o.status === 'rejected');
      expect(won).toHaveLength(1);
      for (const outcome of lost) expect(outcome.reason).toBeInstanceOf(IdempotencyKeyTakenError);
      expect(await prisma.experiment.count({ where: { name } })).toBe(1);
      expect(await repository.find(claim.scope, claim.key)).toMatchObject({
        resourceType: 'experiment',
        resourceId: won[0].status === 'fulfilled' ? won[0].value.id : undefined,
      });
    });
  });

  it('scopes a key to its route: the same key creates one experiment and one ablation', async () => {
    const key = `shared-${randomUUID()}`;
    const experiment = await post('/api/experiments', { name: uniqueName('scoped') }, key);
    const ablation = await post(
      '/api/ablations',
      { name: uniqueName('scoped'), presets: ['baseline'], seeds: [1] },
      key,
    );
    expect([experiment.status, ablation.status]).toEqual([201, 201]);
    expect((await keyRows(key)).map((row) => row.scope).sort()).toEqual([
      'POST /api/ablations',
      'POST /api/experiments',
    ]);
  });
});
