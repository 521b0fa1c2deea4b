import type { TrainJobProgress } from '@lenet-lab/queue';
import type { EpochMetrics } from '@lenet-lab/training';
import { estimateSecondsLeft } from '../eta';

/** Where training is: the batch that just finished, 1-based, in a 1-based epoch. */
export interface TrainingPosition {
  epoch: number;
  batch: number;
  batches: number;
}

/** What this attempt knows of its run when it reports. */
export interface RunSoFar {
  epochs: number;
  /** The fraction of the run done before this attempt started training (the resumed epochs). */
  startFraction: number;
  /** Seconds since this attempt started training. */
  elapsedSeconds: number;
  /** The last epoch that ended, this attempt's or the resumed run's. */
  lastEpoch?: EpochMetrics;
  firstBatchAt?: string;
}

/**
 * A progress report, less its phase. The ETA extrapolates this attempt's own pace over what
 * it has trained: resumed epochs took no time here, so counting them would make it optimistic.
 */
export function progressAt(
  { epoch, batch, batches }: TrainingPosition,
  run: RunSoFar,
): Omit<TrainJobProgress, 'phase'> {
  const fraction = Math.min(1, (epoch - 1 + batch / Math.max(1, batches)) / run.epochs);
  return {
    epoch,
    epochs: run.epochs,
    batch,
    batches,
    fraction,
    etaSeconds: estimateSecondsLeft(
      run.elapsedSeconds,
      (fraction - run.startFraction) / Math.max(1e-9, 1 - run.startFraction),
    ),
    trainLoss: run.lastEpoch?.trainLoss,
    valAccuracy: run.lastEpoch?.valAccuracy,
    testAccuracy: run.lastEpoch?.testAccuracy,
    // Kept in every later report, so a watcher that polls slowly still sees it.
    firstBatchAt: run.firstBatchAt,
  };
}
