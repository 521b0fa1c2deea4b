import { Worker } from 'bullmq';
import { AblationReportService } from '@lenet-lab/ablations';
import {
  AblationRepository,
  createPrismaClient,
  ExperimentRepository,
  MetricRepository,
} from '@lenet-lab/db';
import type { Env } from '@lenet-lab/env';
import type { Logger } from '@lenet-lab/logger';
import { loadMnist } from '@lenet-lab/mnist';
import {
  createRedisConnection,
  listenForCancellations,
  REPORT_QUEUE,
  TRAINING_QUEUE,
  type ReportJobData,
  type TrainJobData,
} from '@lenet-lab/queue';
import { initBackend, train } from '@lenet-lab/training';
import { codeVersion } from './code-version';
import { createReportProcessor } from './report-processor';
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

/** One worker process: trains experiments and builds the reports of finished ablations. */
export async function startWorkerProcess(env: Env, logger: Logger): Promise<RunningWorker> {
  const runtime = await initBackend({ backend: env.TRAIN_BACKEND });
  logger.info(runtime, 'training backend ready');
  const prisma = createPrismaClient(env.DATABASE_URL);
  await prisma.$queryRaw`SELECT 1`;
  const connection = createRedisConnection(env.REDIS_URL, 'worker');
  connection.on('error', (error) => logger.warn({ err: error }, 'redis connection error'));

  const cancellations = await listenForCancellations(env.REDIS_URL, env.QUEUE_PREFIX);
  const processor = createTrainingProcessor({
    cancellations,
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
  const ablations = new AblationRepository(prisma);
  const reportWorker = new Worker<ReportJobData>(
    REPORT_QUEUE,
    createReportProcessor({ reports: new AblationReportService(ablations), ablations, logger }),
    { connection, prefix: env.QUEUE_PREFIX, concurrency: 1 },
  );
  reportWorker.on('error', (error) => logger.warn({ err: error }, 'report worker error'));
  await Promise.all([worker.waitUntilReady(), reportWorker.waitUntilReady()]);
  logger.info({ queue: TRAINING_QUEUE, concurrency: env.WORKER_CONCURRENCY }, 'worker ready');

  return {
    async close() {
      await Promise.all([worker.close(), reportWorker.close()]);
      await cancellations.close();
      connection.disconnect();
      await prisma.$disconnect();
    },
  };
}
