import type { ExperimentStatus } from '@lenet-lab/db';
import type { DatasetName } from '@lenet-lab/mnist';
import type { ModelLatency } from './prediction-latency';

/**
 * What a caller hands to the report: an ablation and its experiments, already loaded. The
 * report library does no I/O, so this is its whole view of the world.
 * Accuracies are fractions in [0, 1]; times are seconds.
 */

/** The database's statuses: a type-only import, so the report still loads nothing of Prisma. */
export type ReportExperimentStatus = ExperimentStatus;

export interface ReportEpochMetric {
  /** 1-based. */
  epoch: number;
  trainLoss: number;
  trainAccuracy: number;
  valLoss: number | null;
  valAccuracy: number | null;
  testLoss: number | null;
  testAccuracy: number | null;
  learningRate: number;
  epochSeconds: number;
  imagesPerSecond: number;
}

export interface ReportMisclassified {
  /** Index into the MNIST test set. */
  index: number;
  label: number;
  predicted: number;
  /** Softmax probability of the predicted class. */
  confidence: number;
}

export interface ReportExperimentResult {
  /** confusionMatrix[true label][predicted label], counts on the test set. */
  confusionMatrix: number[][];
  /** Most confident mistakes first, as the trainer lists them. */
  misclassified: ReportMisclassified[];
}

export const REPORT_MODEL_VARIANTS = ['final', 'best'] as const;

/** 'final': the weights of the last epoch; 'best': the ones early stopping restored. */
export type ReportModelVariant = (typeof REPORT_MODEL_VARIANTS)[number];

/** A model an experiment kept: its summary only, never its weights. */
export interface ReportModel {
  variant: ReportModelVariant;
  /** The epoch whose weights these are. */
  epoch: number;
  testAccuracy: number | null;
  /** Null when it was not measured (the measurement failed, or the worker predates it). */
  latency: ModelLatency[] | null;
  /** The backend the latency was measured on. */
  backend: string | null;
}

export interface ReportExperiment {
  id: string;
  name: string;
  preset: string;
  seed: number;
  status: ReportExperimentStatus;
  error: string | null;
  config: unknown;
  configHash: string;
  backend: string | null;
  device: string | null;
  codeVersion: string | null;
  datasetSha256: Record<string, string> | null;
  /** Final test accuracy (of the best weights when early stopping restores them). */
  testAccuracy: number | null;
  bestValAccuracy: number | null;
  bestEpoch: number | null;
  epochsRun: number;
  stoppedEarly: boolean;
  metrics: ReportEpochMetric[];
  result: ReportExperimentResult | null;
  /** Kept models; none if not completed, or completed before models were kept. */
  models: ReportModel[];
}

export interface ReportAblation {
  id: string;
  name: string;
  /** Row labels in table order; the first is the reference the others are compared with. */
  presets: string[];
  seeds: number[];
  createdAt: Date | string;
  /** How the rows were made. Default: cumulative (an ablation of presets). */
  design?: ReportAblationDesign;
  /**
   * True when the rows come from steps the researcher defined rather than presets: they are
   * labelled by their own names and not read against the seed's published table.
   */
  definedBySteps?: boolean;
  /** A sweep's field and values; its rows are the values, in this order. */
  sweep?: ReportSweep;
}

export interface ReportSweep {
  /** Dotted config path, e.g. `trainLimit`. */
  field: string;
  values: number[];
}

/** The ablation designs (libs/ablations declares them; the report takes them as given). */
export type ReportAblationDesign = 'cumulative' | 'one-factor' | 'leave-one-out' | 'sweep';

export interface ReportEnvironment {
  packageVersions: Record<string, string>;
  /** ISO time; supplied by the caller so that building a report stays a pure function. */
  generatedAt?: string;
}

export interface ReportInput {
  ablation: ReportAblation;
  experiments: ReportExperiment[];
  /**
   * The 784 bytes (28×28, row-major, 0–255) of test image `index` of `dataset`, for the
   * gallery.
   */
  testImage?: (index: number, dataset: DatasetName) => Uint8Array;
  environment?: ReportEnvironment;
}
