import { randomUUID } from 'node:crypto';
import { createLogger } from '@lenet-lab/logger';
import { createRedisConnection, createReportQueue, createTrainingQueue } from '@lenet-lab/queue';
import { reconcileOrphans } from '@lenet-lab/worker/orphan-reconciler';
import type { PrismaClient } from '../../libs/db/generated/client';
import { createTestPrisma } from '../support/database';
import { cleanQueuePrefix, testEnv } from '../support/services';

describe('reconcileOrphans', () => {
  const env = testEnv();
  let prisma: PrismaClient;
  const redis = createRedisConnection(env.REDIS_URL, 'worker');
  const trainingQueue = createTrainingQueue(redis, env.QUEUE_PREFIX);
  const reportQueue = createReportQueue(redis, env.QUEUE_PREFIX);

  beforeAll(() => {
    prisma = createTestPrisma();
  });

  afterAll(async () => {
    await Promise.all([trainingQueue.close(), reportQueue.close()]);
    redis.disconnect();
    await prisma?.$disconnect();
    await cleanQueuePrefix(env);
  });

  it('deletes idempotency keys older than the TTL and keeps the younger ones', async () => {
    const key = (age: number) => ({
      scope: 'POST /api/experiments',
      key: `ttl-${randomUUID()}`,
      requestHash: 'x',
      resourceType: 'experiment',
      resourceId: randomUUID(),
      createdAt: new Date(Date.now() - age),
    });
    const old = key(25 * 3_600_000);
    const young = key(23 * 3_600_000);
    await prisma.idempotencyKey.createMany({ data: [old, young] });

    const pass = await reconcileOrphans({
      prisma,
      trainingQueue,
      reportQueue,
      logger: createLogger('reconciler-test', 'silent'),
      queuePrefix: env.QUEUE_PREFIX,
      intervalMs: 60_000,
      staleAfterMs: 600_000,
      idempotencyTtlMs: 24 * 3_600_000,
    });

    expect(pass.expiredKeys).toBeGreaterThanOrEqual(1);
    const left = await prisma.idempotencyKey.findMany({
      where: { key: { in: [old.key, young.key] } },
    });
    expect(left.map((row) => row.key)).toEqual([young.key]);
  });
});
