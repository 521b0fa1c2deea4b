import { UnrecoverableError, WaitingError, type Job } from 'bullmq';
import type { ExperimentOwner, ExperimentRepository } from '@lenet-lab/db';
import type { Logger } from '@lenet-lab/logger';
import { InvalidTrainingSetupError } from '@lenet-lab/training';
import { lostOwnership } from './lost-ownership';
import type { TrainJobResult } from './train-job-result';

export interface TrainingFailureDeps {
  experimentId: string;
  job: Pick<Job, 'attemptsMade' | 'opts'>;
  /** The attempt that claimed the experiment; absent when the claim itself failed. */
  owner?: Pick<ExperimentOwner, 'fail' | 'retry'>;
  experiments: Pick<ExperimentRepository, 'findStatus'>;
  /** Whether this worker has lost the job's lock (see JobLeases). */
  leaseLost(): boolean;
  log: Logger;
}

/** Whether BullMQ will not deliver the job again after this attempt fails. */
export function isFinalAttempt(job: Pick<Job, 'attemptsMade' | 'opts'>): boolean {
  return job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
}

/**
 * Ends a training job that threw. When the error only says the run is no longer this attempt's
 * (cancelled, fenced out by another attempt, the job's lock lost), the job ends quietly with
 * that outcome. Otherwise the failure is recorded through the owner (failed on the last attempt
 * or for a setup that cannot train, else retrying) and thrown again for BullMQ to retry or fail
 * the job; a setup that cannot train is thrown as UnrecoverableError, so it is not retried.
 * A WaitingError (the job went back to the queue) passes through untouched.
 */
export async function handleTrainingFailure(
  error: unknown,
  deps: TrainingFailureDeps,
): Promise<TrainJobResult> {
  const { owner, log } = deps;
  if (error instanceof WaitingError) throw error;
  const lost = lostOwnership(error, deps.leaseLost());
  if (lost === 'cancelled') {
    log.info('experiment cancelled while training; not retried');
    return { outcome: 'cancelled' };
  }
  if (lost) {
    // Logged once, here; the job's lock is someone else's, so BullMQ cannot record an
    // outcome for it (see the worker's error filter).
    log.warn(
      { reason: lost },
      'lost the experiment to another attempt; stopped, wrote nothing more',
    );
    return { outcome: 'lost' };
  }
  const status = await deps.experiments.findStatus(deps.experimentId).catch(() => null);
  if (status === 'cancelled') {
    log.info('experiment cancelled while training; not retried');
    return { outcome: 'cancelled' };
  }
  log.error({ err: error }, 'training failed');
  // A config and data that cannot make a run fail the same way on every attempt.
  const unrecoverable =
    error instanceof UnrecoverableError || error instanceof InvalidTrainingSetupError;
  const final = unrecoverable || isFinalAttempt(deps.job);
  const reason = (error as Error).message;
  // Before it is claimed, the experiment is not this attempt's to change.
  await (owner ? (final ? owner.fail(reason) : owner.retry(reason)) : Promise.resolve()).catch(
    (recordError) => log.warn({ err: recordError }, 'could not record the failure'),
  );
  if (unrecoverable && !(error instanceof UnrecoverableError)) {
    throw new UnrecoverableError(reason);
  }
  throw error;
}
