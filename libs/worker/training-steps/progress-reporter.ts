import type { TrainJobProgress } from '@lenet-lab/queue';
import type { EpochMetrics } from '@lenet-lab/training';
import { throttle } from '../progress-throttle';
import { progressAt, type TrainingPosition } from './progress-at';

/** Progress goes to Redis; once a second is live enough for a dashboard. */
export const PROGRESS_INTERVAL_MS = 1_000;

/** Where progress goes: a BullMQ job. */
export interface ProgressSink {
  updateProgress(progress: TrainJobProgress): Promise<unknown>;
}

export interface ProgressReporterOptions {
  /** Epochs in the run. */
  epochs: number;
  /** The least time between two batch reports. Default: PROGRESS_INTERVAL_MS. */
  intervalMs?: number;
  /** Default: Date.now. */
  now?: () => number;
}

/**
 * A training job's progress and ETA. Batch reports are throttled; the first batch, the phase
 * changes and the end always get through, so a watcher never misses a phase. A report that
 * fails (Redis out of reach) is dropped: the next one says more.
 */
export class ProgressReporter {
  private readonly epochs: number;
  private readonly now: () => number;
  private readonly send: (progress: TrainJobProgress, force?: boolean) => void;
  private startedAt: number;
  private startFraction = 0;
  private lastEpoch?: EpochMetrics;
  private firstBatchAt?: string;

  constructor(job: ProgressSink, options: ProgressReporterOptions) {
    this.epochs = options.epochs;
    this.now = options.now ?? Date.now;
    this.startedAt = this.now();
    this.send = throttle(
      (progress: TrainJobProgress) => void job.updateProgress(progress).catch(() => {}),
      options.intervalMs ?? PROGRESS_INTERVAL_MS,
      this.now,
    );
  }

  /** The dataset and any checkpoint are loading. */
  loading(): void {
    this.send(
      { phase: 'loading', epoch: 0, epochs: this.epochs, batch: 0, batches: 0, fraction: 0 },
      true,
    );
  }

  /**
   * Training starts now, after `completedEpochs` a checkpoint resumed (0 for a fresh run): the
   * ETA's clock starts here, and `lastEpoch` (the resumed one) fills the metrics until an epoch
   * of this attempt ends.
   */
  trainingStarts(completedEpochs: number, lastEpoch?: EpochMetrics): void {
    this.startedAt = this.now();
    this.startFraction = completedEpochs / this.epochs;
    this.lastEpoch = lastEpoch;
  }

  batchEnded(position: TrainingPosition): void {
    const first = this.firstBatchAt === undefined;
    this.firstBatchAt ??= new Date(this.now()).toISOString();
    this.send({ phase: 'training', ...this.at(position) }, first);
  }

  /**
   * An epoch's metrics and checkpoint are stored: the report stands at the start of the next
   * epoch, or of the final evaluation after the last one.
   */
  epochEnded(metrics: EpochMetrics): void {
    this.lastEpoch = metrics;
    this.send(
      { phase: 'evaluating', ...this.at({ epoch: metrics.epoch + 1, batch: 0, batches: 1 }) },
      true,
    );
  }

  /** The run completed after `epochsRun` epochs (fewer than planned when it stopped early). */
  done(epochsRun: number): void {
    this.send(
      { phase: 'done', ...this.at({ epoch: epochsRun, batch: 1, batches: 1 }), fraction: 1 },
      true,
    );
  }

  private at(position: TrainingPosition) {
    return progressAt(position, {
      epochs: this.epochs,
      startFraction: this.startFraction,
      elapsedSeconds: (this.now() - this.startedAt) / 1000,
      lastEpoch: this.lastEpoch,
      firstBatchAt: this.firstBatchAt,
    });
  }
}
