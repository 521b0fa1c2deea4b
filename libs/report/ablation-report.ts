import type { DatasetName } from '@lenet-lab/mnist';
import type { ModelLatency } from './prediction-latency';
import type {
  ReportAblationDesign,
  ReportExperimentStatus,
  ReportSweep,
  ReportModelVariant,
} from './report-input';
import type { Interval } from './statistics/interval';

/**
 * The report as data: what every renderer draws from, and what renderJson emits as is.
 * Field names are a public contract (bump REPORT_SCHEMA_VERSION when one changes meaning).
 * A field added later keeps the version, as no existing field changes meaning; reports stored
 * before it lack it, so readers of stored reports treat it as optional (SeedCell.models and
 * PresetSummary.predictionLatency were added so).
 * Accuracies and their differences are fractions (0.975, not 97.5); times are seconds, except
 * prediction latency, which is milliseconds (`ms` in its names).
 */
export const REPORT_SCHEMA_VERSION = 1;

/** What happened to one (preset, seed) cell of the grid; 'not-run' means no experiment exists. */
export type SeedCellStatus = ReportExperimentStatus | 'not-run';

/** Relative paths on the lenet-lab API the report came from, naming the variant explicitly. */
export interface ModelLinks {
  /** TensorFlow.js model.json; tf.loadLayersModel fetches its weights from beside it. */
  tfjs: string;
  onnx: string;
}

/** A model the cell's experiment kept. */
export interface SeedCellModel {
  variant: ReportModelVariant;
  /** The model the experiment reports, served without ?variant: best if kept, else final. */
  reported: boolean;
  epoch: number;
  testAccuracy: number | null;
  /** Ascending batch size; null when the worker did not measure it. */
  latency: ModelLatency[] | null;
  /** The backend the latency was measured on. */
  backend: string | null;
  links: ModelLinks;
}

export interface SeedCell {
  seed: number;
  status: SeedCellStatus;
  experimentId: string | null;
  /** Whether this seed enters the preset's statistics: completed and has a test accuracy. */
  counted: boolean;
  /** Why it does not, e.g. 'failed: out of memory' or 'still running'; null when counted. */
  reason: string | null;
  testAccuracy: number | null;
  bestValAccuracy: number | null;
  bestEpoch: number | null;
  epochsRun: number | null;
  stoppedEarly: boolean | null;
  /**
   * The reported model first. Empty when the experiment did not complete (the API serves models
   * of completed experiments only) or completed before models were kept.
   */
  models: SeedCellModel[];
}

export interface SampleSummary {
  n: number;
  mean: number;
  /** Sample standard deviation (n − 1); null for a single value. */
  std: number | null;
  /** 95% Student-t confidence interval of the mean; null for a single value. */
  ci95: Interval | null;
}

export interface BaselineComparison {
  baselinePreset: string;
  /** mean(this preset) − mean(baseline) of the counted seeds; null if either has none. */
  difference: number | null;
  /** Welch 95% confidence interval of the difference. */
  ci95: Interval | null;
  /** Welch's t statistic, degrees of freedom and two-sided p-value. */
  t: number | null;
  df: number | null;
  pValue: number | null;
  /** Why the interval or test is missing, or that it rests on incomplete presets. */
  note: string | null;
}

export interface PredictionLatencyStat {
  batchSize: number;
  /** Counted seeds with a measurement at this batch size. */
  n: number;
  /** Means over those seeds. */
  msPerImage: number;
  msPerBatch: number;
}

/** How fast a preset's trained models predict, as the workers that trained them measured. */
export interface PresetPredictionLatency {
  /** One per batch size measured, ascending (the workers measure 1 and 256); empty if none was. */
  batches: PredictionLatencyStat[];
  /** Backends of the measured models, sorted; timings are not comparable across backends. */
  backends: string[];
  /** Counted seeds with no measurement: no model kept, or its latency not measured. */
  unmeasuredSeeds: number[];
}

/**
 * 'complete': every seed counted. 'incomplete': some seeds counted, some not; the statistics
 * are over the counted ones and flagged. 'empty': no seed counted, no statistics.
 */
export type PresetCompleteness = 'complete' | 'incomplete' | 'empty';

/** One row of the comparison table. */
export interface PresetSummary {
  preset: string;
  /** Human name, e.g. '+ BatchNorm'. */
  label: string;
  completeness: PresetCompleteness;
  /** e.g. 'incomplete: 1 of 3 seeds missing (seed 3 failed: out of memory)'. */
  statusText: string;
  seedsExpected: number;
  seedsCounted: number;
  /** One per seed of the ablation, in its order. */
  seeds: SeedCell[];
  testAccuracy: SampleSummary | null;
  /** The seed study's published test accuracy for this preset, when it has one. */
  publishedTestAccuracy: number | null;
  /** Null for the baseline itself. */
  vsBaseline: BaselineComparison | null;
  bestValAccuracy: SampleSummary | null;
  bestEpochMean: number | null;
  epochsRunMean: number | null;
  /** How many counted seeds stopped early. */
  stoppedEarly: number;
  /** Mean over all epochs of all counted seeds. */
  secondsPerEpoch: number | null;
  imagesPerSecond: number | null;
  /**
   * The row's network (lenet5Cost of its config): trainable parameters, and multiply-adds of
   * one image's forward pass; null when no seed counted.
   */
  parameters: number | null;
  multiplyAddsPerImage: number | null;
  backends: string[];
  predictionLatency: PresetPredictionLatency;
}

export interface CurveStat {
  mean: number;
  /** Seeds whose value entered the mean (non-finite values, e.g. a diverged loss, do not). */
  n: number;
}

export interface CurvePoint {
  epoch: number;
  /** Counted seeds whose run reached this epoch. */
  seeds: number;
  trainLoss: CurveStat | null;
  trainAccuracy: CurveStat | null;
  valAccuracy: CurveStat | null;
  testAccuracy: CurveStat | null;
}

export interface PresetCurves {
  preset: string;
  label: string;
  /** Counted seeds the curves are built from. */
  seedsCounted: number;
  points: CurvePoint[];
  /** Set when runs ended at different epochs, so later points average fewer seeds. */
  note: string | null;
}

export interface ConfusedPair {
  label: number;
  predicted: number;
  count: number;
  /** count / all misclassifications of the preset. */
  shareOfErrors: number;
  /** count / test images of the true class. */
  rateOfClass: number;
}

export interface GalleryItem {
  seed: number;
  /** Index into the test set of the preset's dataset. */
  index: number;
  label: number;
  predicted: number;
  confidence: number;
  /** 28×28 grey PNG as a data URI; null when the caller supplied no test images. */
  image: string | null;
}

export interface PresetErrorAnalysis {
  preset: string;
  label: string;
  /**
   * The dataset the preset's experiments trained on, and what each class index means in it
   * (the digits on MNIST). Added after version 1's first reports: stored ones lack both.
   */
  dataset: DatasetName;
  classNames: string[];
  /** Counted seeds with a confusion matrix; their final models' matrices are summed. */
  seeds: number[];
  /** summed[true][predicted]; null when no seed has one. */
  confusionMatrix: number[][] | null;
  total: number;
  errors: number;
  /** Per true class; null for a class with no test images. */
  perClassAccuracy: (number | null)[];
  confusedPairs: ConfusedPair[];
  /** The seed the gallery comes from (the first with a result). */
  gallerySeed: number | null;
  gallery: GalleryItem[];
}

export interface ReproducibilityEntry {
  experimentId: string;
  name: string;
  preset: string;
  seed: number;
  status: ReportExperimentStatus;
  configHash: string;
  datasetSha256: Record<string, string> | null;
  codeVersion: string | null;
  backend: string | null;
  device: string | null;
}

export interface Reproducibility {
  /** The experiments of the grid, in preset then seed order. */
  experiments: ReproducibilityEntry[];
  packageVersions: Record<string, string>;
  /** Distinct code versions (null = unknown) across the grid; more than one is worth a look. */
  codeVersions: (string | null)[];
}

export interface AblationReport {
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  ablation: {
    id: string;
    name: string;
    /** Row labels in table order: the presets, or the rows an ablation's steps made. */
    presets: string[];
    seeds: number[];
    /** ISO 8601. */
    createdAt: string;
    /** How the rows were made; reports stored before designs existed lack it (cumulative). */
    design?: ReportAblationDesign;
    /** The rows are the researcher's steps, not presets (absent in older reports: false). */
    definedBySteps?: boolean;
    /** A sweep's field and values (row i has value i); absent for other designs. */
    sweep?: ReportSweep;
  };
  /** ISO 8601, as the caller supplied it; null if it did not. */
  generatedAt: string | null;
  /** The first row (a baseline, or leave-one-out's row of every step); differences are relative to it. */
  baselinePreset: string | null;
  rows: PresetSummary[];
  curves: PresetCurves[];
  errorAnalysis: PresetErrorAnalysis[];
  reproducibility: Reproducibility;
  /** Things a reader should know that fit no row: duplicates, experiments outside the grid. */
  warnings: string[];
}
