import { WaitingError, type Job } from 'bullmq';
import type { ExperimentOwner } from '@lenet-lab/db';
import type { Logger } from '@lenet-lab/logger';
import type { DatabaseRetry } from './database-retry';
import { LeaseLostError } from './lost-ownership';
import type { TrainJobResult } from './train-job-result';

/** What stops training at its next batch boundary; each is asked at every batch. */
export interface StopSignals {
  /** A user cancelled the experiment. */
  cancelled(): boolean;
  /** This process is shutting down: its jobs go back to the queue. */
  shuttingDown(): boolean;
  /** This worker lost the job's lock (see JobLeases): another may own the experiment. */
  leaseLost(): boolean;
}

export function shouldStop(signals: StopSignals): boolean {
  return signals.cancelled() || signals.shuttingDown() || signals.leaseLost();
}

export interface StoppedTrainingDeps {
  signals: StopSignals;
  owner: Pick<ExperimentOwner, 'experimentId' | 'retry'>;
  job: Pick<Job, 'moveToWait'>;
  /** The job's lock token, which moving it back to the queue needs. */
  token?: string;
  db: DatabaseRetry;
  log: Logger;
}

/**
 * Ends a job whose training stopped before its end, by the signal that stopped it. A lost lease
 * throws LeaseLostError (nothing more may be written); a shutdown that was not also a
 * cancellation marks the experiment retrying and hands the job back to the queue (BullMQ's
 * WaitingError), where another worker resumes it from the last checkpoint; else it was cancelled.
 */
export async function endStoppedTraining(
  epochsRun: number,
  deps: StoppedTrainingDeps,
): Promise<TrainJobResult> {
  const { signals, owner, log } = deps;
  if (signals.leaseLost()) throw new LeaseLostError(owner.experimentId);
  if (!signals.cancelled() && signals.shuttingDown()) {
    await deps.db.write(() => owner.retry('worker shut down; job requeued'));
    await deps.job.moveToWait(deps.token);
    log.info({ epochsRun }, 'shutting down; job returned to the queue');
    throw new WaitingError();
  }
  log.info({ epochsRun }, 'experiment cancelled; training stopped');
  return { outcome: 'cancelled', epochsRun };
}
