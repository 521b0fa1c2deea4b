import type { ExperimentConfig } from '@lenet-lab/config';
import { IMAGE_SIZE, NUM_CLASSES } from '@lenet-lab/mnist/types';

/**
 * LeNet-5's geometry and what a given width costs. Pure and free of TensorFlow.js, so the
 * report can price a config without loading it; createLeNet5 builds its layers from the same
 * numbers.
 */

/** Both convolutions: 5×5, stride 1, no padding ('valid'), as the seed's PyTorch model. */
export const LENET5_KERNEL_SIZE = 5;
/** Both poolings: 2×2, stride 2. */
export const LENET5_POOL_SIZE = 2;

export type LeNet5Width = ExperimentConfig['model']['width'];

/** The side of each feature map: 28 → conv 24 → pool 12 → conv 8 → pool 4. */
export interface LeNet5FeatureSizes {
  conv1: number;
  pool1: number;
  conv2: number;
  pool2: number;
}

export function lenet5FeatureSizes(imageSize: number = IMAGE_SIZE): LeNet5FeatureSizes {
  const conv1 = imageSize - LENET5_KERNEL_SIZE + 1;
  const pool1 = Math.floor(conv1 / LENET5_POOL_SIZE);
  const conv2 = pool1 - LENET5_KERNEL_SIZE + 1;
  const pool2 = Math.floor(conv2 / LENET5_POOL_SIZE);
  return { conv1, pool1, conv2, pool2 };
}

/** The features fc1 receives: conv2's channels × pool2's side² (256 for the seed's width). */
export function lenet5FlattenedFeatures(width: LeNet5Width): number {
  return width.conv2 * lenet5FeatureSizes().pool2 ** 2;
}

export interface ModelCost {
  /**
   * Trainable parameters: weights and biases, and BatchNorm's scale and shift (its moving
   * statistics are not learnt, as PyTorch's parameters() leaves its buffers out).
   */
  parameters: number;
  /**
   * Multiply-adds of one image's forward pass through the convolutions and dense layers.
   * Activations and pooling multiply nothing, and inference folds BatchNorm into the
   * convolution before it, so neither is counted.
   */
  multiplyAdds: number;
}

/** 44,426 parameters and 281,640 multiply-adds for the seed's LeNet-5 on 28×28 images. */
export function lenet5Cost(
  model: Pick<ExperimentConfig['model'], 'width' | 'batchNorm'>,
): ModelCost {
  const { width } = model;
  const sizes = lenet5FeatureSizes();
  const kernelArea = LENET5_KERNEL_SIZE ** 2;
  const layers = [
    { inputs: kernelArea * 1, outputs: width.conv1, positions: sizes.conv1 ** 2 },
    { inputs: kernelArea * width.conv1, outputs: width.conv2, positions: sizes.conv2 ** 2 },
    { inputs: lenet5FlattenedFeatures(width), outputs: width.fc1, positions: 1 },
    { inputs: width.fc1, outputs: width.fc2, positions: 1 },
    { inputs: width.fc2, outputs: NUM_CLASSES, positions: 1 },
  ];
  const batchNormParameters = model.batchNorm ? 2 * (width.conv1 + width.conv2) : 0;
  return {
    parameters:
      layers.reduce((sum, layer) => sum + (layer.inputs + 1) * layer.outputs, 0) +
      batchNormParameters,
    multiplyAdds: layers.reduce(
      (sum, layer) => sum + layer.inputs * layer.outputs * layer.positions,
      0,
    ),
  };
}
