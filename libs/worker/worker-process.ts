import { Worker } from 'bullmq';
import { createPrismaClient, ExperimentRepository, MetricRepository } from '@lenet-lab/db';
import type { Env } from '@lenet-lab/env';
import type { Logger } from '@lenet-lab/logger';
import { loadMnist } from '@lenet-lab/mnist';
import { createRedisConnection, TRAINING_QUEUE, type TrainJobData } from '@lenet-lab/queue';
import { initBackend, train } from '@lenet-lab/training';
import { codeVersion } from './code-version';
import { createTrainingProcessor } from './training-processor';

/**
 * A job's lock lives this long without renewal; BullMQ renews it every half of that while the
 * event loop turns (the trainer yields between batches). A dead worker's job is redelivered
 * after at most this plus the stalled-check interval.
 */
const LOCK_DURATION_MS = 30_000;
/** Redeliveries after a stall before the job fails for good: a job that kills its worker every time. */
const MAX_STALLED_COUNT = 3;

export interface RunningWorker {
  close(): Promise<void>;
}

export async function startTrainingWorker(env: Env, logger: Logger): Promise<RunningWorker> {
  const runtime = await initBackend({ backend: env.TRAIN_BACKEND });
  logger.info(runtime, 'training backend ready');
  const prisma = createPrismaClient(env.DATABASE_URL);
  await prisma.$queryRaw`SELECT 1`;
  const connection = createRedisConnection(env.REDIS_URL, 'worker');
  connection.on('error', (error) => logger.warn({ err: error }, 'redis connection error'));

  const processor = createTrainingProcessor({
    experiments: new ExperimentRepository(prisma),
    metrics: new MetricRepository(prisma),
    loadDataset: (config) =>
      loadMnist({ trainLimit: config.trainLimit, testLimit: config.testLimit }),
    train,
    runtime,
    logger,
    codeVersion: codeVersion(),
  });
  const worker = new Worker<TrainJobData>(TRAINING_QUEUE, processor, {
    connection,
    prefix: env.QUEUE_PREFIX,
    concurrency: env.WORKER_CONCURRENCY,
    lockDuration: LOCK_DURATION_MS,
    maxStalledCount: MAX_STALLED_COUNT,
  });
  worker.on('error', (error) => logger.warn({ err: error }, 'worker error'));
  await worker.waitUntilReady();
  logger.info({ queue: TRAINING_QUEUE, concurrency: env.WORKER_CONCURRENCY }, 'worker ready');

  return {
    async close() {
      await worker.close();
      connection.disconnect();
      await prisma.$disconnect();
    },
  };
}
