import { measurePredictionLatency, type PredictionLatencyOptions } from '@lenet-lab/inference';
import type { Logger } from '@lenet-lab/logger';
import { captureModelArtifacts, createLeNet5, loadModelFromArtifacts } from '@lenet-lab/training';
import {
  architectureOf,
  latencyPerArchitecture,
  type LatencyMeasure,
} from './latency-per-architecture';

/**
 * Five windows of ~50 ms per batch size (~0.7 s per architecture on wasm): enough for one of
 * them to miss the other processes starting beside this one, short enough for start-up.
 */
const WORKER_LATENCY_OPTIONS: PredictionLatencyOptions = {
  warmupCalls: 3,
  warmupMillis: 300,
  minMillis: 300,
  minCalls: 6,
  windows: 6,
};

/** The worker's latency meter: loads the model's artifacts and times predictions with it. */
export function createWorkerLatencyMeter(): LatencyMeasure {
  return latencyPerArchitecture(async (artifacts) => {
    const model = await loadModelFromArtifacts(artifacts);
    try {
      return await measurePredictionLatency(model, WORKER_LATENCY_OPTIONS);
    } finally {
      model.dispose();
    }
  });
}

/**
 * Measures both LeNet-5 architectures (with and without BatchNorm) before the worker takes
 * jobs, so no experiment waits for it; after the training warm-up, which has compiled most of
 * the forward pass. A failure is logged: the first model of that architecture will be
 * measured instead.
 */
export async function measureLeNetArchitectures(meter: LatencyMeasure, logger: Logger) {
  for (const batchNorm of [false, true]) {
    const model = createLeNet5({ batchNorm });
    try {
      const artifacts = await captureModelArtifacts(model);
      const latency = await meter(artifacts);
      logger.info(
        { architecture: architectureOf(artifacts), latency },
        'prediction latency measured',
      );
    } catch (error) {
      logger.warn({ err: error, batchNorm }, 'could not measure prediction latency at start-up');
    } finally {
      model.dispose();
    }
  }
}
