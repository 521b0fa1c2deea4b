import type { CheckpointRepository } from '@lenet-lab/db';
import type { Logger } from '@lenet-lab/logger';
import type { TrainingCheckpoint } from '@lenet-lab/training';
import { decodeCheckpoint } from '../checkpoint-codec';
import type { DatabaseRetry } from './database-retry';

export interface ResumePoint {
  checkpoint: TrainingCheckpoint;
  /** Epochs completed when the checkpoint was taken. */
  epoch: number;
}

export interface ResumePointDeps {
  checkpoints: Pick<CheckpointRepository, 'find'>;
  db: DatabaseRetry;
  log: Logger;
}

/**
 * Where an earlier attempt left the experiment: its last end-of-epoch checkpoint, or undefined
 * for a fresh run. A redelivered job resumes there, so a crash costs at most one epoch.
 */
export async function findResumePoint(
  experimentId: string,
  deps: ResumePointDeps,
): Promise<ResumePoint | undefined> {
  const stored = await deps.db.read(() => deps.checkpoints.find(experimentId));
  if (!stored) return undefined;
  const checkpoint = decodeCheckpoint(stored.state as never, stored.tensors);
  deps.log.info({ fromEpoch: stored.epoch }, 'resuming from checkpoint');
  return { checkpoint, epoch: stored.epoch };
}
