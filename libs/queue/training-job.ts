import type { JobsOptions } from 'bullmq';
import { z } from 'zod';

export const TRAIN_JOB_NAME = 'train';

/** The payload is only the id: the experiment row in Postgres is the single source of truth. */
export const trainJobDataSchema = z.strictObject({ experimentId: z.uuid() });
export type TrainJobData = z.output<typeof trainJobDataSchema>;

/** What a training job reports as progress; Bull Board and the CLI show it. */
export interface TrainJobProgress {
  phase: 'loading' | 'training' | 'evaluating' | 'done';
  epoch: number;
  epochs: number;
  batch: number;
  batches: number;
  /** Fraction of the whole run done, 0–1. */
  fraction: number;
  trainLoss?: number;
  valAccuracy?: number | null;
  testAccuracy?: number;
  etaSeconds?: number;
  /**
   * When this attempt's first training batch finished (ISO 8601): the end of the start-up a
   * user waits through (queueing, loading the data, building the model, resuming).
   */
  firstBatchAt?: string;
}

/**
 * Retries cover crashes and transient outages; results are idempotent per (experiment, epoch),
 * so a retried job rewrites rather than duplicates.
 */
export const TRAIN_JOB_OPTIONS: JobsOptions = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 5_000 },
  removeOnComplete: { age: 7 * 24 * 3600, count: 10_000 },
  removeOnFail: { age: 30 * 24 * 3600 },
};
