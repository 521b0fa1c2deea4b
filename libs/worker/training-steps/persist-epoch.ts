import type { ExperimentOwner, Prisma } from '@lenet-lab/db';
import type { EpochMetrics, TrainingCheckpoint } from '@lenet-lab/training';
import { encodeCheckpoint } from '../checkpoint-codec';
import type { DatabaseRetry } from './database-retry';
import { LeaseLostError } from './lost-ownership';

export interface PersistEpochDeps {
  /** The attempt that claimed the experiment: each of its writes is fenced by that attempt. */
  owner: Pick<ExperimentOwner, 'experimentId' | 'recordEpoch' | 'saveCheckpoint'>;
  /** Whether this worker has lost the job's lock (see JobLeases). */
  leaseLost(): boolean;
  db: DatabaseRetry;
}

/**
 * Stores an epoch that ended: its metrics row (an upsert, so a redelivered epoch rewrites it
 * rather than adding another), then a checkpoint to resume from. The metrics go first, so a
 * checkpoint never covers an epoch without its row; `takeCheckpoint` reads the model's weights
 * only once the row is stored. A stale or cancelled attempt's write throws (see ExperimentOwner).
 */
export async function persistEpoch(
  metrics: EpochMetrics,
  takeCheckpoint: () => Promise<TrainingCheckpoint>,
  deps: PersistEpochDeps,
): Promise<void> {
  // A worker that was frozen through its lock's expiry writes nothing, even when its
  // successor has not claimed the experiment yet (the fence would refuse it then).
  if (deps.leaseLost()) throw new LeaseLostError(deps.owner.experimentId);
  await deps.db.write(() => deps.owner.recordEpoch(metrics));
  const checkpoint = encodeCheckpoint(await takeCheckpoint());
  await deps.db.write(() =>
    deps.owner.saveCheckpoint({
      epoch: checkpoint.epoch,
      state: JSON.parse(JSON.stringify(checkpoint.state)) as Prisma.InputJsonValue,
      tensors: checkpoint.tensors,
    }),
  );
}
