import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { whenQueueConnected } from './queue-connection';
import { TRAINING_QUEUE } from './queue-names';
import { TRAIN_JOB_NAME, TRAIN_JOB_OPTIONS, type TrainJobData } from './training-job';

export type TrainingQueue = Queue<TrainJobData, void, typeof TRAIN_JOB_NAME>;

export function createTrainingQueue(connection: Redis, prefix: string): TrainingQueue {
  return new Queue<TrainJobData, void, typeof TRAIN_JOB_NAME>(TRAINING_QUEUE, {
    connection,
    prefix,
    defaultJobOptions: TRAIN_JOB_OPTIONS,
  });
}

/** The job id is the experiment id: enqueueing the same experiment twice is a no-op in BullMQ. */
export async function enqueueTraining(queue: TrainingQueue, experimentId: string): Promise<void> {
  await whenQueueConnected(queue);
  await queue.add(TRAIN_JOB_NAME, { experimentId }, { jobId: experimentId });
}
