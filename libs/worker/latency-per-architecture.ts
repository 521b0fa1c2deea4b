import { createHash } from 'node:crypto';
import type { PredictionLatency } from '@lenet-lab/inference';
import type { LayersModelArtifacts } from '@lenet-lab/training';

/**
 * Prediction latency depends on the network's architecture and the backend, not on its
 * weights: every model a worker process trains with the same topology predicts at the same
 * speed. So a worker measures once per architecture (a second or so of timed calls) and gives
 * later models of that architecture the same numbers, instead of spending that second at the
 * end of every experiment. A failed measurement is not kept, so the next model tries again.
 */
export function latencyPerArchitecture(
  measure: (artifacts: LayersModelArtifacts) => Promise<PredictionLatency[]>,
): (artifacts: LayersModelArtifacts) => Promise<PredictionLatency[]> {
  const measured = new Map<string, Promise<PredictionLatency[]>>();
  return (artifacts) => {
    const architecture = createHash('sha256')
      .update(JSON.stringify(artifacts.modelTopology))
      .digest('hex');
    let latency = measured.get(architecture);
    if (!latency) {
      latency = measure(artifacts);
      measured.set(architecture, latency);
      latency.catch(() => measured.delete(architecture));
    }
    return latency;
  };
}
