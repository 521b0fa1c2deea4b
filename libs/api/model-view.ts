import type { TrainedModelSummary } from '@lenet-lab/db';
import { WEIGHTS_FILE } from '@lenet-lab/models';

/** A kept model as the API shows it, with the URLs to fetch it in each format. */
export function toModelView(model: TrainedModelSummary, experimentUrl: string) {
  const query = `?variant=${model.variant}`;
  return {
    variant: model.variant,
    epoch: model.epoch,
    testAccuracy: model.testAccuracy,
    latency: model.latency,
    backend: model.backend,
    tfjsVersion: model.tfjsVersion,
    createdAt: model.createdAt,
    links: {
      tfjs: `${experimentUrl}/model${query}`,
      weights: `${experimentUrl}/${WEIGHTS_FILE}${query}`,
      onnx: `${experimentUrl}/model.onnx${query}`,
      predict: `${experimentUrl}/predict${query}`,
    },
  };
}
