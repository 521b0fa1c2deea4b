/**
 * One epoch of one experiment, as a worker reports it. Accuracies are fractions in [0, 1];
 * losses may be NaN or Infinity (a diverged run) and are stored as such.
 */
export interface EpochMetricInput {
  experimentId: string;
  /** Non-negative integer, counted as the trainer counts it; unique per experiment. */
  epoch: number;
  trainLoss: number;
  trainAccuracy: number;
  valLoss?: number | null;
  valAccuracy?: number | null;
  testLoss?: number | null;
  testAccuracy?: number | null;
  learningRate: number;
  epochSeconds: number;
  imagesPerSecond: number;
  /** The attempt that wrote it (experiments.attempts). Default: 0, no attempt (tools, tests). */
  attempt?: number;
}
