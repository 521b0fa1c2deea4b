import { Worker } from 'bullmq';
import { AblationReportService } from '@lenet-lab/ablations';
import {
  AblationRepository,
  CheckpointRepository,
  createPrismaClient,
  ExperimentOwner,
  ExperimentRepository,
} from '@lenet-lab/db';
import type { ExperimentConfig } from '@lenet-lab/config';
import type { Env } from '@lenet-lab/env';
import type { Logger } from '@lenet-lab/logger';
import { loadMnist } from '@lenet-lab/mnist';
import {
  createRedisConnection,
  createReportQueue,
  createTrainingQueue,
  listenForCancellations,
  REPORT_QUEUE,
  TRAINING_QUEUE,
  type ReportJobData,
  type TrainJobData,
} from '@lenet-lab/queue';
import { initBackend, train } from '@lenet-lab/training';
import { codeVersion } from './code-version';
import { createReportProcessor } from './report-processor';
import { startOrphanReconciler } from './orphan-reconciler';
import { JobLeases } from './job-leases';
import { createTrainingProcessor } from './training-processor';
import { createWorkerLatencyMeter, measureLeNetArchitectures } from './worker-latency';
import { LiveEventPublisher } from '@lenet-lab/events';
import { warmUpTraining } from './worker-warm-up';

export interface RunningWorker {
  close(): Promise<void>;
}

/** One worker process: trains experiments and builds the reports of finished ablations. */
export async function startWorkerProcess(env: Env, logger: Logger): Promise<RunningWorker> {
  const runtime = await initBackend({ backend: env.TRAIN_BACKEND });
  logger.info(runtime, 'training backend ready');
  // Warm-up names no dataset and gets MNIST; an experiment trains on its config's.
  const loadDataset = (
    config: Pick<ExperimentConfig, 'trainLimit' | 'testLimit'> &
      Partial<Pick<ExperimentConfig, 'dataset'>>,
  ) =>
    loadMnist({
      dataset: config.dataset,
      trainLimit: config.trainLimit,
      testLimit: config.testLimit,
    });
  const warmedUp = await warmUpTraining(loadDataset, logger);
  const latencyMeter = createWorkerLatencyMeter();
  await measureLeNetArchitectures(latencyMeter, warmedUp, logger);
  const prisma = createPrismaClient(env.DATABASE_URL);
  await prisma.$queryRaw`SELECT 1`;
  const connection = createRedisConnection(env.REDIS_URL, 'worker');
  connection.on('error', (error) => logger.warn({ err: error }, 'redis connection error'));

  const cancellations = await listenForCancellations(env.REDIS_URL, env.QUEUE_PREFIX);
  const events = new LiveEventPublisher(connection, env.QUEUE_PREFIX, logger);
  const experiments = new ExperimentRepository(prisma);
  let shuttingDown = false;
  const leases = new JobLeases(env.JOB_LOCK_MS);
  const processor = createTrainingProcessor({
    cancellations,
    isShuttingDown: () => shuttingDown,
    experiments,
    claim: (experimentId, details) => ExperimentOwner.claim(prisma, experimentId, details),
    checkpoints: new CheckpointRepository(prisma),
    leaseLost: (jobId) => leases.lost(jobId),
    measureLatency: latencyMeter,
    loadDataset,
    train,
    runtime,
    logger,
    codeVersion: codeVersion(),
    events,
  });
  const trackedProcessor: typeof processor = async (job, token) => {
    leases.start(String(job.id));
    try {
      return await processor(job, token);
    } finally {
      leases.end(String(job.id));
    }
  };
  const worker = new Worker<TrainJobData>(TRAINING_QUEUE, trackedProcessor, {
    connection,
    prefix: env.QUEUE_PREFIX,
    concurrency: env.WORKER_CONCURRENCY,
    // A job's lock is renewed every half of lockDuration while the event loop turns (the
    // trainer yields between batches). A dead worker's job is redelivered after at most
    // lockDuration + stalledInterval, and resumes from its last checkpoint; each stall costs
    // at most one epoch, so a handful of them is survivable, not a reason to fail the run.
    lockDuration: env.JOB_LOCK_MS,
    stalledInterval: env.STALLED_INTERVAL_MS,
    maxStalledCount: env.MAX_STALLED_COUNT,
  });
  leases.watch(worker);
  worker.on('error', (error) => {
    if (!leases.isEchoOfLostJob(error)) logger.warn({ err: error }, 'worker error');
  });
  const trainingQueue = createTrainingQueue(connection, env.QUEUE_PREFIX);
  worker.on('stalled', async (jobId) => {
    logger.warn({ experimentId: jobId }, 'job stalled (its worker vanished); redelivering');
    try {
      // Another worker may have picked it up already; then it is running, not retrying.
      if (await (await trainingQueue.getJob(jobId))?.isActive()) return;
      await experiments.markRetrying(jobId, 'worker stopped responding; redelivered');
      const row = await experiments.findById(jobId);
      if (row) void events.publishStatus(row);
    } catch (error) {
      logger.warn({ err: error }, 'could not mark the experiment retrying');
    }
  });
  const ablations = new AblationRepository(prisma);
  const reportWorker = new Worker<ReportJobData>(
    REPORT_QUEUE,
    createReportProcessor({
      reports: new AblationReportService(ablations),
      ablations,
      logger,
      events,
    }),
    { connection, prefix: env.QUEUE_PREFIX, concurrency: 1 },
  );
  reportWorker.on('error', (error) => logger.warn({ err: error }, 'report worker error'));
  await Promise.all([worker.waitUntilReady(), reportWorker.waitUntilReady()]);
  const reportQueue = createReportQueue(connection, env.QUEUE_PREFIX);
  const reconciler = startOrphanReconciler({
    prisma,
    trainingQueue,
    reportQueue,
    logger,
    queuePrefix: env.QUEUE_PREFIX,
    intervalMs: env.RECONCILE_INTERVAL_MS,
    staleAfterMs: env.ORPHAN_STALE_MS,
    idempotencyTtlMs: env.IDEMPOTENCY_KEY_TTL_HOURS * 3_600_000,
  });
  logger.info({ queue: TRAINING_QUEUE, concurrency: env.WORKER_CONCURRENCY }, 'worker ready');

  return {
    /**
     * Stops taking jobs; a running job stops at its next batch, its last completed epoch
     * already checkpointed, and goes back to the queue for another worker.
     */
    async close() {
      shuttingDown = true;
      reconciler.stop();
      await Promise.all([worker.close(), reportWorker.close()]);
      await Promise.all([trainingQueue.close(), reportQueue.close()]);
      await cancellations.close();
      connection.disconnect();
      await prisma.$disconnect();
    },
  };
}
