import { measurePredictionLatency } from '@lenet-lab/inference';
import { createLeNet5, initBackend } from '@lenet-lab/training';
import type { LatencyResult, LatencyTask } from './tasks';

/**
 * Prediction latency of a freshly built LeNet-5: a forward pass costs the same whatever the
 * weights, so no training is needed first.
 */
export async function runLatency(task: LatencyTask): Promise<LatencyResult> {
  const info = await initBackend({ backend: task.backend });
  const model = createLeNet5();
  try {
    const latencies = await measurePredictionLatency(model, {
      batchSizes: task.batchSizes,
      minMillis: task.minMillis,
    });
    return { backend: info.backend, device: info.device, latencies };
  } finally {
    model.dispose();
  }
}
