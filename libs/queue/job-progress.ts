import type { Queue } from 'bullmq';
import { whenQueueConnected } from './queue-connection';
import type { TrainJobProgress } from './training-job';

/** What the queue knows of a training job while its experiment is unfinished. */
export interface TrainingJobState {
  /** The latest progress it reported, or null. */
  progress: TrainJobProgress | null;
  /**
   * The job is active but its lock has expired: its worker died, froze or lost Redis, and
   * BullMQ will hand the job to another worker (lockDuration + stalledInterval at most).
   */
  lockLost: boolean;
}

/** The job of each experiment (null for jobs that are gone); unfinished experiments only. */
export async function readTrainingJobs(
  queue: Queue,
  experimentIds: string[],
): Promise<Map<string, TrainingJobState | null>> {
  await whenQueueConnected(queue);
  const client = await queue.backend.client;
  const jobs = new Map<string, TrainingJobState | null>();
  await Promise.all(
    experimentIds.map(async (id) => {
      const job = await queue.getJob(id);
      if (!job) return jobs.set(id, null);
      const value = job.progress;
      // The lock key holds the worker's token while its lock lives (BullMQ's key layout).
      const [state, token] = await Promise.all([
        job.getState(),
        client.get(`${queue.toKey(id)}:lock`),
      ]);
      jobs.set(id, {
        progress: typeof value === 'object' && value !== null ? (value as TrainJobProgress) : null,
        lockLost: state === 'active' && token === null,
      });
    }),
  );
  return jobs;
}
