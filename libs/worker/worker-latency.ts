import { measurePredictionLatency, type PredictionLatencyOptions } from '@lenet-lab/inference';
import type { Logger } from '@lenet-lab/logger';
import { loadModelFromArtifacts, type LayersModelArtifacts } from '@lenet-lab/training';
import {
  architectureOf,
  latencyPerArchitecture,
  type LatencyMeasure,
} from './latency-per-architecture';

/**
 * Six windows of ~50 ms per batch size, the median call of the quietest one: enough for one of
 * them to miss the other processes starting beside this one, short enough for start-up.
 */
const WORKER_LATENCY_OPTIONS: PredictionLatencyOptions = {
  warmupCalls: 3,
  warmupMillis: 100,
  minMillis: 300,
  minCalls: 6,
  windows: 6,
};

/**
 * Untimed predictions on every network before any is timed. Training compiles little of the
 * prediction path, and when the API and other workers start beside this one, V8's compiler
 * threads share the cores with them: both workers of a full-protocol run measured the first
 * network at 0.81 ms per image and the second at 0.42–0.45.
 */
const PREDICTION_WARM_UP: PredictionLatencyOptions = {
  batchSizes: [1],
  warmupMillis: 250,
  minMillis: 0,
  minCalls: 1,
  windows: 1,
};

/** The worker's latency meter: loads the model's artifacts and times predictions with it. */
export function createWorkerLatencyMeter(): LatencyMeasure {
  return latencyPerArchitecture((artifacts) => timePrediction(artifacts, WORKER_LATENCY_OPTIONS));
}

async function timePrediction(artifacts: LayersModelArtifacts, options: PredictionLatencyOptions) {
  const model = await loadModelFromArtifacts(artifacts);
  try {
    return await measurePredictionLatency(model, options);
  } finally {
    model.dispose();
  }
}

/**
 * Measures the warm-up's networks, one per LeNet-5 architecture (with and without BatchNorm),
 * before the worker takes jobs, so no experiment waits for it; after the warm-up, which has
 * compiled most of the forward pass. A failure is logged, and an architecture not measured
 * here is measured when its first model is kept.
 */
export async function measureLeNetArchitectures(
  meter: LatencyMeasure,
  networks: readonly LayersModelArtifacts[],
  logger: Logger,
) {
  await warmUpPrediction(networks, logger);
  for (const artifacts of networks) {
    try {
      const latency = await meter(artifacts);
      logger.info(
        { architecture: architectureOf(artifacts), latency },
        'prediction latency measured',
      );
    } catch (error) {
      logger.warn(
        { err: error, architecture: architectureOf(artifacts) },
        'could not measure prediction latency at start-up',
      );
    }
  }
}

async function warmUpPrediction(networks: readonly LayersModelArtifacts[], logger: Logger) {
  for (const artifacts of networks) {
    // Timed only because that is how measurePredictionLatency drives calls; the result is dropped.
    await timePrediction(artifacts, PREDICTION_WARM_UP).catch((error) =>
      logger.warn({ err: error }, 'could not warm up prediction at start-up'),
    );
  }
}
