import { FlowProducer, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { whenQueueConnected } from './queue-connection';
import { REPORT_QUEUE, TRAINING_QUEUE } from './queue-names';
import { REPORT_JOB_NAME, REPORT_JOB_OPTIONS, type ReportJobData } from './report-job';
import { TRAIN_JOB_NAME, TRAIN_JOB_OPTIONS } from './training-job';

export type ReportQueue = Queue<ReportJobData, void, typeof REPORT_JOB_NAME>;

export function createReportQueue(connection: Redis, prefix: string): ReportQueue {
  return new Queue<ReportJobData, void, typeof REPORT_JOB_NAME>(REPORT_QUEUE, {
    connection,
    prefix,
    defaultJobOptions: REPORT_JOB_OPTIONS,
  });
}

export function createFlowProducer(connection: Redis, prefix: string): FlowProducer {
  return new FlowProducer({ connection, prefix });
}

/**
 * Enqueues an ablation round as one BullMQ flow: a report job whose children are the training
 * jobs. A child that fails for good (or is cancelled) must not leave the report waiting forever,
 * so every child ignores its own failure as a dependency: the report then runs and marks the
 * cell as missing.
 */
export async function enqueueAblationFlow(
  flows: FlowProducer,
  ablationId: string,
  /** Distinguishes re-runs: each round of an ablation has its own report job. */
  round: number,
  experimentIds: string[],
): Promise<void> {
  await whenQueueConnected(flows);
  await flows.add({
    name: REPORT_JOB_NAME,
    queueName: REPORT_QUEUE,
    data: { ablationId } satisfies ReportJobData,
    opts: { ...REPORT_JOB_OPTIONS, jobId: `report-${ablationId}-${round}` },
    children: experimentIds.map((experimentId) => ({
      name: TRAIN_JOB_NAME,
      queueName: TRAINING_QUEUE,
      data: { experimentId },
      opts: { ...TRAIN_JOB_OPTIONS, jobId: experimentId, ignoreDependencyOnFailure: true },
    })),
  });
}
