import type { TrainedModelSummary } from '@lenet-lab/db';
import { modelPaths } from '@lenet-lab/models';

/** A kept model as the API shows it, with the URLs to fetch it in each format. */
export function toModelView(model: TrainedModelSummary, experimentUrl: string) {
  const { tfjs, weights, onnx, predict } = modelPaths(experimentUrl, model.variant);
  return {
    variant: model.variant,
    epoch: model.epoch,
    testAccuracy: model.testAccuracy,
    latency: model.latency,
    backend: model.backend,
    tfjsVersion: model.tfjsVersion,
    createdAt: model.createdAt,
    links: { tfjs, weights, onnx, predict },
  };
}
