import type { Queue } from 'bullmq';
import {
  AblationRepository,
  ExperimentRepository,
  IdempotencyRepository,
  type PrismaClient,
} from '@lenet-lab/db';
import type { Logger } from '@lenet-lab/logger';
import {
  enqueueTraining,
  REPORT_JOB_NAME,
  type ReportJobData,
  type TrainingQueue,
} from '@lenet-lab/queue';
import { planOrphanRepairs, planReportRepairs } from './orphan-repair';

export interface OrphanReconcilerOptions {
  prisma: PrismaClient;
  trainingQueue: TrainingQueue;
  reportQueue: Queue<ReportJobData>;
  logger: Logger;
  /** Only experiments queued under this prefix are this deployment's to look after. */
  queuePrefix: string;
  intervalMs: number;
  staleAfterMs: number;
  /** Idempotency keys older than this are deleted on each pass. Default: kept forever. */
  idempotencyTtlMs?: number;
}

/** Report jobs that will run by themselves (a waiting-children parent may wait forever). */
const RUNNABLE_REPORT_STATES = ['waiting', 'active', 'delayed', 'prioritized'] as const;

/**
 * One pass: requeue experiments whose job vanished, queue reports that will never run, delete
 * expired idempotency keys.
 */
export async function reconcileOrphans(options: OrphanReconcilerOptions): Promise<{
  requeued: string[];
  reports: string[];
  expiredKeys: number;
}> {
  const { prisma, trainingQueue, reportQueue, logger } = options;
  const expiredKeys =
    options.idempotencyTtlMs === undefined
      ? 0
      : await new IdempotencyRepository(prisma).deleteExpired(
          new Date(Date.now() - options.idempotencyTtlMs),
        );
  if (expiredKeys > 0) logger.info({ expiredKeys }, 'deleted expired idempotency keys');
  const unfinished = await new ExperimentRepository(prisma).findLive(options.queuePrefix);
  const withJob = new Set<string>();
  for (const experiment of unfinished) {
    if (await trainingQueue.getJob(experiment.id)) withJob.add(experiment.id);
  }
  const plan = planOrphanRepairs(
    unfinished,
    (id) => withJob.has(id),
    new Date(),
    options.staleAfterMs,
  );
  for (const id of plan.requeue) {
    await enqueueTraining(trainingQueue, id);
    logger.warn({ experimentId: id }, 'experiment had no job (queue data lost?); queued it again');
  }

  const open = await new AblationRepository(prisma).findAwaitingReport(options.queuePrefix);
  const pending = new Set(
    (await reportQueue.getJobs([...RUNNABLE_REPORT_STATES])).map((job) => job?.data?.ablationId),
  );
  const reports = planReportRepairs(
    open.map((ablation) => ({ id: ablation.id, needsReport: ablation.cellsFinished })),
    (id) => pending.has(id),
  );
  for (const ablationId of reports) {
    await reportQueue.add(
      REPORT_JOB_NAME,
      { ablationId },
      { jobId: `report-${ablationId}-repair-${Date.now()}` },
    );
    logger.warn({ ablationId }, 'finished ablation had no runnable report job; queued one');
  }
  return { requeued: plan.requeue, reports, expiredKeys };
}

/** Runs reconcileOrphans every intervalMs until stopped; a failed pass is logged and retried. */
export function startOrphanReconciler(options: OrphanReconcilerOptions): { stop(): void } {
  let running = false;
  const timer = setInterval(async () => {
    if (running) return;
    running = true;
    try {
      await reconcileOrphans(options);
    } catch (error) {
      options.logger.debug({ err: error }, 'orphan check failed; trying again later');
    } finally {
      running = false;
    }
  }, options.intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
