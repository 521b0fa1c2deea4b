import type { ModelVariant, PredictionLatency, TrainedModel } from '@lenet-lab/contract';
import type { TrainedModelSummary } from '@lenet-lab/db';
import { modelPaths } from '@lenet-lab/models';

/** A kept model as the API shows it, with the URLs to fetch it in each format. */
export function toModelView(model: TrainedModelSummary, experimentUrl: string): TrainedModel {
  const { tfjs, weights, onnx, predict } = modelPaths(experimentUrl, model.variant);
  return {
    // The worker writes only MODEL_VARIANTS, and the latency it measured, in these columns.
    variant: model.variant as ModelVariant,
    epoch: model.epoch,
    testAccuracy: model.testAccuracy,
    latency: model.latency as PredictionLatency[] | null,
    backend: model.backend,
    tfjsVersion: model.tfjsVersion,
    createdAt: model.createdAt.toISOString(),
    links: { tfjs, weights, onnx, predict },
  };
}
