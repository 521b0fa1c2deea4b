import type { ExperimentStatus, Prisma } from '../generated/client';
import type { EpochMetric, Experiment } from '../generated/client';

/** What the API knows when it accepts an experiment; everything else starts at its default. */
export interface NewExperiment {
  /** Default: a fresh uuid. Pass one to use the same id as the BullMQ job. */
  id?: string;
  name: string;
  preset?: string | null;
  /** The resolved, validated experiment config. */
  config: Prisma.InputJsonValue;
  configHash: string;
  seed: number;
  codeVersion?: string | null;
  /** The ablation this experiment is a cell of. */
  ablationId?: string | null;
  /** The ablation row it is a cell of: the row's label. */
  ablationRow?: string | null;
  /** The BullMQ key prefix the experiment is queued under. */
  queuePrefix?: string | null;
}

/** Where a worker runs the experiment. */
export interface RunningDetails {
  /** TensorFlow.js backend, e.g. `cpu`, `wasm`, `webgpu`. */
  backend: string;
  device?: string | null;
}

/** The outcome of a finished training run. Accuracies are fractions in [0, 1]. */
export interface ExperimentSummary {
  testAccuracy: number | null;
  bestValAccuracy: number | null;
  bestEpoch: number | null;
  epochsRun: number;
  stoppedEarly: boolean;
  datasetSha256?: Prisma.InputJsonValue;
  codeVersion?: string | null;
  /** Confusion matrix, misclassified examples and the like. */
  result?: Prisma.InputJsonValue;
}

export interface ListExperimentsOptions {
  /** Only experiments in this status (or any of these). Default: all. */
  status?: ExperimentStatus | readonly ExperimentStatus[];
  /** Page size, 1–MAX_PAGE_SIZE. Default: DEFAULT_PAGE_SIZE. */
  limit?: number;
  /** Rows to skip. Default: 0. */
  offset?: number;
}

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** One page of a list, newest first, with the total the filter matches. */
export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

export type ExperimentWithMetrics = Experiment & { metrics: EpochMetric[] };
