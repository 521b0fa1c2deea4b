import type { Queue } from 'bullmq';
import type { TrainJobProgress } from './training-job';

/**
 * The latest progress each training job reported (null for jobs that reported none or are
 * gone). Only unfinished experiments have a job worth asking about.
 */
export async function readTrainingProgress(
  queue: Queue,
  experimentIds: string[],
): Promise<Map<string, TrainJobProgress | null>> {
  const progress = new Map<string, TrainJobProgress | null>();
  await Promise.all(
    experimentIds.map(async (id) => {
      const job = await queue.getJob(id);
      const value = job?.progress;
      progress.set(
        id,
        typeof value === 'object' && value !== null ? (value as TrainJobProgress) : null,
      );
    }),
  );
  return progress;
}
