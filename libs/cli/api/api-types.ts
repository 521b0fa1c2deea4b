// The API's JSON as the CLI reads it: dates are ISO strings on the wire, and only the fields the
// CLI shows are typed. The server's views (libs/api/*-view.ts) are the source of these shapes.

export type ExperimentStatus =
  'queued' | 'running' | 'retrying' | 'completed' | 'failed' | 'cancelled';

export type AblationStatus = 'queued' | 'running' | 'completed' | 'failed' | 'cancelled';

/** A training job's live progress (libs/queue TrainJobProgress). */
export interface JobProgress {
  phase: 'loading' | 'training' | 'evaluating' | 'done';
  epoch: number;
  epochs: number;
  batch: number;
  batches: number;
  fraction: number;
  etaSeconds?: number;
  trainLoss?: number;
  valAccuracy?: number | null;
  testAccuracy?: number;
}

export interface EpochMetric {
  epoch: number;
  trainLoss: number | null;
  trainAccuracy: number | null;
  valLoss: number | null;
  valAccuracy: number | null;
  testLoss: number | null;
  testAccuracy: number | null;
  epochSeconds: number | null;
}

export interface Experiment {
  id: string;
  name: string | null;
  preset: string | null;
  status: ExperimentStatus;
  seed: number | null;
  backend: string | null;
  device: string | null;
  attempts: number;
  error: string | null;
  testAccuracy: number | null;
  bestValAccuracy: number | null;
  bestEpoch: number | null;
  epochsRun: number | null;
  stoppedEarly: boolean | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  progress?: JobProgress | null;
  metrics?: EpochMetric[];
}

export interface ExperimentPage {
  items: Experiment[];
  total: number;
  limit: number;
  offset: number;
}

export interface PresetProgress {
  preset: string;
  total: number;
  queued: number;
  running: number;
  completed: number;
  failed: number;
  cancelled: number;
}

export interface AblationCell {
  id: string;
  preset: string;
  seed: number;
  status: ExperimentStatus;
  progress: JobProgress | null;
}

export interface Ablation {
  id: string;
  name: string;
  status: AblationStatus;
  presets: string[];
  seeds: number[];
  overrides: Record<string, unknown>;
  createdAt: string;
  reportBuiltAt: string | null;
  reportError: string | null;
  progress: { cells: { total: number; finished: number }; presets: PresetProgress[] };
  experiments: AblationCell[];
}

export interface SubmitExperimentRequest {
  preset?: string;
  config?: Record<string, unknown>;
  name?: string;
}

export interface SubmitAblationRequest {
  name?: string;
  presets?: string[];
  seeds?: number[];
  overrides?: Record<string, unknown>;
}

/** A preset the API knows: its file's description and fields, and the whole config it trains. */
export interface Preset {
  name: string;
  description: string;
  config: Record<string, unknown>;
  resolved: Record<string, unknown>;
}

export type ModelVariant = 'final' | 'best';

export interface PredictionLatency {
  batchSize: number;
  msPerBatch: number;
  msPerImage: number;
}

/** One of an experiment's kept models, as GET /api/experiments/:id/models lists it. */
export interface TrainedModel {
  variant: ModelVariant;
  epoch: number;
  testAccuracy: number | null;
  latency: PredictionLatency[] | null;
  backend: string | null;
  links: { tfjs: string; weights: string; onnx: string; predict: string };
}

export interface DigitPrediction {
  digit: number;
  probabilities: number[];
}

export type ReportFormat = 'md' | 'csv' | 'json' | 'html';

export const REPORT_FORMATS: readonly ReportFormat[] = ['md', 'csv', 'json', 'html'];

export const FINISHED_EXPERIMENT_STATUSES: readonly ExperimentStatus[] = [
  'completed',
  'failed',
  'cancelled',
];

export const FINISHED_ABLATION_STATUSES: readonly AblationStatus[] = [
  'completed',
  'failed',
  'cancelled',
];
