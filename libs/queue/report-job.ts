import type { JobsOptions } from 'bullmq';
import { z } from 'zod';

export const REPORT_JOB_NAME = 'build-report';

/** The parent of an ablation's training jobs: it runs once every child has finished. */
export const reportJobDataSchema = z.strictObject({ ablationId: z.uuid() });
export type ReportJobData = z.output<typeof reportJobDataSchema>;

export const REPORT_JOB_OPTIONS: JobsOptions = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 2_000 },
  removeOnComplete: { age: 30 * 24 * 3600 },
  removeOnFail: { age: 30 * 24 * 3600 },
};
