import type { ExperimentConfig } from '@lenet-lab/config';
import type { Dataset } from '@lenet-lab/mnist';
import type * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { BackendChoice } from './backend';
import type { TrainingCheckpoint } from './checkpoint';
import type { LayersModelArtifacts } from './model-artifacts';
import type { TrainingState } from './training-state';

/** One epoch's numbers. Accuracies are fractions 0–1; losses are mean cross-entropy (nats). */
export interface EpochMetrics {
  /** 1-based. */
  epoch: number;
  /** Mean over the epoch's training images, measured while training (augmented, training mode). */
  trainLoss: number;
  trainAccuracy: number;
  /** null when validationSplit is 0. */
  valLoss: number | null;
  valAccuracy: number | null;
  testLoss: number;
  testAccuracy: number;
  /** The rate the optimiser used during this epoch. */
  learningRate: number;
  /** Training time of the epoch (batches and their updates), evaluation excluded. */
  epochSeconds: number;
  /** Training images / epochSeconds. */
  imagesPerSecond: number;
}

export interface BatchProgress {
  epoch: number;
  /** 1-based index of the batch that just finished. */
  batch: number;
  batches: number;
  /** That batch's mean loss. */
  loss?: number;
}

/** What `onEpochEnd` may use to checkpoint the run (the worker stores it after each epoch). */
export interface EpochEndContext {
  /** Everything that is not a tensor, as of the end of this epoch (a copy). */
  state: TrainingState;
  model: LayersModel;
  optimizer: tf.Optimizer;
  /** Reads weights and the optimiser's buffers into a TrainingCheckpoint (call it before returning). */
  checkpoint: () => Promise<TrainingCheckpoint>;
}

export interface TrainOptions {
  config: ExperimentConfig;
  dataset: Dataset;
  /** Awaited before the next epoch starts, so the caller can persist metrics first. */
  onEpochEnd?: (metrics: EpochMetrics, context: EpochEndContext) => Promise<void> | void;
  /** Called every `batchProgressInterval` batches and after an epoch's last batch; keep it cheap. */
  onBatchEnd?: (progress: BatchProgress) => void;
  /** Batches between onBatchEnd calls. Default: 50. */
  batchProgressInterval?: number;
  /** Checked at every batch boundary; true ends the run with stopReason 'cancelled'. */
  shouldStop?: () => boolean;
  /** Forces a backend (else $TRAIN_BACKEND, else the fastest available). */
  backend?: BackendChoice;
  /** Test-set mistakes listed in the result, most confident first. Default: 100. */
  misclassifiedLimit?: number;
  /** Images per forward pass when evaluating. Default: 1000. */
  evaluationBatchSize?: number;
  /** Continue a run from a checkpoint taken at the end of one of its epochs (same config). */
  resumeFrom?: TrainingCheckpoint;
}

export type StopReason = 'completed' | 'early-stopped' | 'cancelled';

export interface Misclassified {
  /** Index in the (limited) test set. */
  index: number;
  label: number;
  predicted: number;
  /** Softmax probability of the predicted class. */
  confidence: number;
}

/** The networks a finished run leaves behind, in TensorFlow.js's format. */
export interface TrainedModels {
  /** The weights after the last epoch trained. */
  final: LayersModelArtifacts;
  /**
   * The best-validation weights early stopping restored (testAccuracy was measured with them);
   * null when nothing was restored, because the final weights are also the best ones.
   */
  best: LayersModelArtifacts | null;
}

export interface TrainingResult {
  epochs: EpochMetrics[];
  /**
   * On the test set with the final weights (the best-validation ones when restoreBest).
   * null only when the run was cancelled before its first epoch ended.
   */
  testAccuracy: number | null;
  testLoss: number | null;
  /** null without a validation set. */
  bestValAccuracy: number | null;
  bestEpoch: number | null;
  epochsRun: number;
  stoppedEarly: boolean;
  stopReason: StopReason;
  backend: BackendChoice;
  device: string;
  tfjsVersion: string;
  /** 10×10, rows = true label, columns = predicted; test set, same weights as testAccuracy. */
  confusionMatrix: number[][] | null;
  misclassified: Misclassified[];
  /** Sum of the epochs' training time (evaluation excluded). */
  trainingSeconds: number;
  /** null when the run was cancelled. */
  models: TrainedModels | null;
}
