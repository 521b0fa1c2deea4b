import type { PredictionLatency } from '@lenet-lab/inference';
import type { LayersModelArtifacts } from '@lenet-lab/training';

export type LatencyMeasure = (artifacts: LayersModelArtifacts) => Promise<PredictionLatency[]>;

/**
 * Prediction latency depends on the network's architecture and the backend, not on its
 * weights: every model a worker process trains with the same layers predicts at the same
 * speed. So a worker measures once per architecture (at start-up, see worker-process.ts) and
 * gives every model of that architecture the same numbers, instead of spending a timed second
 * at the end of every experiment. An architecture not measured yet is measured when its first
 * model is kept; a failed measurement is not kept, so the next model tries again.
 */
export function latencyPerArchitecture(measure: LatencyMeasure): LatencyMeasure {
  const measured = new Map<string, Promise<PredictionLatency[]>>();
  return (artifacts) => {
    const architecture = architectureOf(artifacts);
    let latency = measured.get(architecture);
    if (!latency) {
      latency = measure(artifacts);
      measured.set(architecture, latency);
      latency.catch(() => measured.delete(architecture));
    }
    return latency;
  };
}

/**
 * The layers' classes in order (e.g. Conv2D, BatchNormalization, ReLU, …) and the widths of
 * those that have one (filters, units): what decides the cost, so a wider LeNet-5 is timed on
 * its own. Not the whole topology, whose initialiser seeds differ from one experiment to the
 * next.
 */
export function architectureOf(artifacts: LayersModelArtifacts): string {
  const topology = artifacts.modelTopology as {
    config?: { layers?: { class_name?: string; config?: { filters?: number; units?: number } }[] };
  };
  const layers = topology.config?.layers ?? [];
  const classes = layers.map((layer) => layer.class_name ?? '?').join(' > ');
  const widths = layers
    .map((layer) => layer.config?.filters ?? layer.config?.units)
    .filter((width) => width !== undefined);
  return widths.length > 0 ? `${classes} (widths ${widths.join(', ')})` : classes;
}
