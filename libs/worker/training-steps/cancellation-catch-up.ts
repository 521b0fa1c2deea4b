import type { ExperimentRepository } from '@lenet-lab/db';
import type { CancellationListener } from '@lenet-lab/queue';
import type { DatabaseRetry } from './database-retry';

export interface CancellationCatchUpDeps {
  experiments: Pick<ExperimentRepository, 'findStatus'>;
  cancellations: Pick<CancellationListener, 'markCancelled'>;
  db: DatabaseRetry;
}

/**
 * Marks the experiment cancelled locally when its row says so, and says whether it did: the
 * cancellation message may have been missed (a reconnect), and the row is the truth. Training
 * then stops at its next batch, as it would on the message.
 */
export async function catchUpOnCancellation(
  experimentId: string,
  deps: CancellationCatchUpDeps,
): Promise<boolean> {
  const status = await deps.db.read(() => deps.experiments.findStatus(experimentId));
  if (status !== 'cancelled') return false;
  deps.cancellations.markCancelled(experimentId);
  return true;
}
