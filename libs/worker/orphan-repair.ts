import type { LiveExperiment } from '@lenet-lab/db';

export interface RepairPlan {
  /** Queue these again (they resume from their checkpoint, if any). */
  requeue: string[];
}

/**
 * Which unfinished experiments have lost their job (Redis restarted without persistence, a job
 * removed by hand) and must be queued again: the database is the truth, so an experiment never
 * stays queued or running with nothing behind it. Pure; the caller does the I/O.
 *
 * A running experiment whose job is gone may still be training in a worker that lost its
 * Redis connection: only one that has shown no sign of life for `staleAfterMs` is requeued.
 * Queued and retrying ones are not being trained by anyone, so they are requeued at once.
 */
export function planOrphanRepairs(
  experiments: LiveExperiment[],
  hasJob: (id: string) => boolean,
  now: Date,
  staleAfterMs: number,
): RepairPlan {
  const requeue = experiments
    .filter((experiment) => !hasJob(experiment.id))
    .filter(
      (experiment) =>
        experiment.status !== 'running' ||
        now.getTime() - experiment.lastActivity.getTime() > staleAfterMs,
    )
    .map((experiment) => experiment.id);
  return { requeue };
}

export interface FinishedAblation {
  id: string;
  /** Every cell has finished and no report has been built. */
  needsReport: boolean;
}

/** Ablations whose report job vanished with the rest of the queue get one again. */
export function planReportRepairs(
  ablations: FinishedAblation[],
  hasPendingReportJob: (ablationId: string) => boolean,
): string[] {
  return ablations.filter((a) => a.needsReport && !hasPendingReportJob(a.id)).map((a) => a.id);
}
