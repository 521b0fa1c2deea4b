import type { PredictionLatency } from '@lenet-lab/inference';
import type { BackendChoice } from '@lenet-lab/training';

/**
 * What a bench child process does. Every tfjs measurement runs in a child of its own: tfjs
 * picks one backend per process (libs/training/backend.ts), and a fresh process per run keeps
 * one run's allocations and warm caches out of the next one's numbers.
 */
export type ChildTask = TrainTask | LatencyTask | DirectJobTask | EpochWritesTask | WebgpuHostTask;

/** Training throughput: the trainer's epochSeconds, evaluation excluded. */
export interface TrainTask {
  kind: 'train';
  backend: BackendChoice;
  preset: string;
  epochs: number;
  images: number;
  /** Only for the per-epoch evaluation the trainer always does; it is not timed. */
  testImages: number;
  batchSize: number | null;
  /** Config fields over the preset's (`--config`), e.g. a model option to time; may be {}. */
  overrides?: Record<string, unknown>;
  /**
   * At most this many images on a software adapter (SwiftShader trains ~100 images/s); null:
   * `images` everywhere.
   */
  softwareImages: number | null;
}

export interface TrainResult {
  backend: BackendChoice;
  device: string;
  tfjsVersion: string;
  images: number;
  epochSeconds: number[];
  testAccuracy: number | null;
}

/** measurePredictionLatency on a freshly built LeNet-5. */
export interface LatencyTask {
  kind: 'latency';
  backend: BackendChoice;
  batchSizes: number[];
  minMillis: number;
}

export interface LatencyResult {
  backend: BackendChoice;
  device: string;
  latencies: PredictionLatency[];
}

/**
 * The work a training job does, called directly (loadMnist + train, as the worker's processor
 * calls them), without the API, the queue or the database: the reference for the
 * orchestration share. `overrides` are the experiment's config over `preset`.
 */
export interface DirectJobTask {
  kind: 'direct-job';
  preset: string;
  overrides: Record<string, unknown>;
}

export interface DirectJobResult {
  backend: BackendChoice;
  device: string;
  /** loadMnist + train, wall time. */
  seconds: number;
  /** Σ epochSeconds: the training batches alone. */
  trainingSeconds: number;
  /** Per epoch: training and evaluation, wall time between the epochs' ends. */
  epochWallSeconds: number[];
}

/** The database writes a worker makes after every epoch, timed one by one. */
export interface EpochWritesTask {
  kind: 'epoch-writes';
  databaseUrl: string;
  queuePrefix: string;
  samples: number;
}

export interface EpochWritesResult {
  samples: number;
  /** Median milliseconds of each part, and of one whole epoch's writes. */
  medianMs: {
    metrics: number;
    /** Reading the weights and momentum out of tfjs and encoding them. */
    checkpointEncode: number;
    checkpointSave: number;
    statusRead: number;
    total: number;
  };
  checkpointBytes: number;
}

/**
 * What a LeNet-5 training step costs the host on webgpu: epochs on Dawn's null adapter, which
 * accepts every call and computes nothing, so the time is the trainer's, tfjs's and Dawn's
 * own: the floor under a step on any GPU driven from this CPU.
 */
export interface WebgpuHostTask {
  kind: 'webgpu-host';
  preset: string;
  batchSize: number;
  steps: number;
}

export interface HostCost {
  msPerStep: number;
  /** tfjs programs run per step; null for the fused step, which is not made of them. */
  dispatchesPerStep: number | null;
  /** The images/s no GPU can beat from this host: batchSize / msPerStep. */
  imagesPerSecondBound: number;
}

export interface WebgpuHostResult {
  batchSize: number;
  steps: number;
  /** The fused step, which the trainer uses on webgpu for LeNet-5. */
  fused: HostCost;
  /** tfjs's ops, which other networks would train on. */
  tfjsOps: HostCost;
}

export interface ChildResults {
  train: TrainResult;
  latency: LatencyResult;
  'direct-job': DirectJobResult;
  'epoch-writes': EpochWritesResult;
  'webgpu-host': WebgpuHostResult;
}

export type ResultOf<T extends ChildTask> = ChildResults[T['kind']];

/** A child's answer: its result, or why it could not run (an unavailable backend, a crash). */
export type ChildOutcome<R> = { ok: true; value: R } | { ok: false; error: string };
