import type { JobsOptions } from 'bullmq';

export const REPORT_JOB_NAME = 'build-report';

/** The parent of an ablation's training jobs: it runs once every child has finished. */
export interface ReportJobData {
  ablationId: string;
}

export const REPORT_JOB_OPTIONS: JobsOptions = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 2_000 },
  removeOnComplete: { age: 30 * 24 * 3600 },
  removeOnFail: { age: 30 * 24 * 3600 },
};
