import { ExperimentNotRunningError, StaleAttemptError } from '@lenet-lab/db';

/** The job's lock expired or was refused: another worker may own the experiment by now. */
export class LeaseLostError extends Error {
  readonly code = 'LEASE_LOST';
  constructor(readonly experimentId: string) {
    super(`lost the lock on experiment ${experimentId}'s job`);
    this.name = 'LeaseLostError';
  }
}

/**
 * Why this attempt no longer owns the experiment, if that is what `error` says: 'cancelled',
 * a reason for the log, or null (a real failure). A lost lease counts whatever the error, since
 * a worker without its job's lock must not write any outcome.
 */
export function lostOwnership(error: unknown, leaseLost: boolean): 'cancelled' | string | null {
  if (error instanceof ExperimentNotRunningError) {
    return error.status === 'cancelled' ? 'cancelled' : `the experiment is ${error.status}`;
  }
  if (error instanceof StaleAttemptError) return `attempt ${error.currentAttempt} owns it now`;
  if (error instanceof LeaseLostError || leaseLost) return 'the job lock expired or was taken';
  return null;
}
