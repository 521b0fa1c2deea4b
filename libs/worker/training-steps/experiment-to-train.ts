import { UnrecoverableError } from 'bullmq';
import { experimentConfigSchema, type ExperimentConfig } from '@lenet-lab/config';
import { isTerminalStatus, type ExperimentRepository } from '@lenet-lab/db';
import type { Logger } from '@lenet-lab/logger';
import type { DatabaseRetry } from './database-retry';

export interface ExperimentToTrainDeps {
  experiments: Pick<ExperimentRepository, 'findById' | 'markFailed'>;
  db: DatabaseRetry;
  log: Logger;
}

/**
 * The config a job is to train, read from the experiment's row (the job holds only its id);
 * null when the experiment has already finished, so a redelivered job does nothing. A missing
 * experiment or a stored config the schema refuses fails the same way on every attempt, so it
 * is unrecoverable; the latter also marks the experiment failed, saying why.
 */
export async function experimentToTrain(
  experimentId: string,
  deps: ExperimentToTrainDeps,
): Promise<ExperimentConfig | null> {
  const experiment = await deps.db.read(() => deps.experiments.findById(experimentId));
  if (!experiment) throw new UnrecoverableError(`experiment ${experimentId} does not exist`);
  if (isTerminalStatus(experiment.status)) {
    deps.log.info({ status: experiment.status }, 'experiment already finished; nothing to do');
    return null;
  }
  const parsed = experimentConfigSchema.safeParse(experiment.config);
  if (!parsed.success) {
    const reason = `stored config is invalid: ${parsed.error.message}`;
    await deps.experiments.markFailed(experimentId, reason);
    throw new UnrecoverableError(reason);
  }
  return parsed.data;
}
