import type { TrainedModel } from '@lenet-lab/db';
import { DATASET_REGISTRY, MNIST_MEAN, MNIST_STD, type DatasetName } from '@lenet-lab/mnist';
import { WEIGHTS_FILE } from './model-paths';

/**
 * model.json as `tf.loadLayersModel` reads it: the topology, and a manifest naming one weights
 * file relative to model.json's own URL (query string kept, so a variant choice carries over).
 * The metadata names the dataset it was trained on and what each output means.
 */
export function modelJson(model: TrainedModel, dataset: DatasetName) {
  return {
    format: 'layers-model',
    generatedBy: `TensorFlow.js tfjs-layers v${model.tfjsVersion ?? 'unknown'}`,
    convertedBy: null,
    modelTopology: model.topology,
    weightsManifest: [{ paths: [WEIGHTS_FILE], weights: model.weightSpecs }],
    userDefinedMetadata: {
      experimentId: model.experimentId,
      variant: model.variant,
      epoch: model.epoch,
      testAccuracy: model.testAccuracy,
      input:
        '28×28×1 (NHWC) grayscale, pixels scaled to [0, 1] then standardised: (x / 255 − mean) / std',
      normalization: { mean: MNIST_MEAN, std: MNIST_STD },
      output: 'logits of the classes in classNames, in order (apply softmax for probabilities)',
      dataset,
      classNames: [...DATASET_REGISTRY[dataset].classNames],
    },
  };
}
