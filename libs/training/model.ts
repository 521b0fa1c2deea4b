import * as tfl from '@tensorflow/tfjs-layers';
import { IMAGE_SIZE, NUM_CLASSES } from '@lenet-lab/mnist';
import { createFusedBatchNormalization } from './kernels/fused-batch-normalization';
import { createInputConv2D } from './kernels/input-conv2d';
import { deriveSeed } from './seeded-random';

export interface LeNet5Options {
  /** BatchNorm after each convolution, before its ReLU. Default: false (the seed's baseline). */
  batchNorm?: boolean;
  /** Seeds every initialiser: the same seed gives the same weights. Default: 1. */
  seed?: number;
}

export const LENET5_INPUT_SHAPE = [IMAGE_SIZE, IMAGE_SIZE, 1];
const KERNEL_SIZE = 5;
const CONV1_FILTERS = 6;
const CONV2_FILTERS = 16;
const POOL_SIZE = 2;
const FC1_UNITS = 120;
const FC2_UNITS = 84;
/** 16 channels × 4 × 4 after the second pool (28 → 24 → 12 → 8 → 4). */
const FLATTENED_FEATURES = CONV2_FILTERS * 4 * 4;

/** PyTorch's BatchNorm2d defaults; tfjs's momentum is the weight of the old value (1 − 0.1). */
const BATCH_NORM_MOMENTUM = 0.9;
const BATCH_NORM_EPSILON = 1e-5;

/**
 * PyTorch's default init for Conv2d and Linear (kaiming_uniform with a = √5) draws weights from
 * U(±1/√fan_in), and its bias init draws from the same range; varianceScaling with scale 1/3
 * and uniform fan-in gives limit √(3 · 1/3 / fan_in) = 1/√fan_in.
 */
const PYTORCH_WEIGHT_SCALE = 1 / 3;

/**
 * The seed's LeNet-5 (PyTorch): conv 6@5×5 → [BN] → ReLU → maxpool 2 → conv 16@5×5 → [BN] →
 * ReLU → maxpool 2 → flatten (256) → dense 120 → ReLU → dense 84 → ReLU → dense 10 (logits).
 * Input: normalised 28×28×1 images (NHWC). Not compiled: the trainer owns the loss and optimiser.
 */
export function createLeNet5(options: LeNet5Options = {}): tfl.Sequential {
  const batchNorm = options.batchNorm ?? false;
  const seeds = layerSeeds(options.seed ?? 1);
  const model = tfl.sequential({ name: batchNorm ? 'lenet5_bn' : 'lenet5' });

  const convBlock = (filters: number, fanIn: number, index: number, inputShape?: number[]) => {
    const convArgs = {
      filters,
      kernelSize: KERNEL_SIZE,
      padding: 'valid' as const,
      ...pytorchInit(fanIn, seeds[2 * index], seeds[2 * index + 1]),
      name: `conv${index + 1}`,
    };
    // The first convolution's input is the images: it needs no input gradient.
    model.add(
      inputShape ? createInputConv2D({ ...convArgs, inputShape }) : tfl.layers.conv2d(convArgs),
    );
    if (batchNorm) {
      model.add(
        createFusedBatchNormalization({
          axis: -1,
          momentum: BATCH_NORM_MOMENTUM,
          epsilon: BATCH_NORM_EPSILON,
          name: `bn${index + 1}`,
        }),
      );
    }
    model.add(tfl.layers.reLU({ name: `relu${index + 1}` }));
    model.add(tfl.layers.maxPooling2d({ poolSize: POOL_SIZE, name: `pool${index + 1}` }));
  };
  convBlock(CONV1_FILTERS, KERNEL_SIZE * KERNEL_SIZE, 0, LENET5_INPUT_SHAPE);
  convBlock(CONV2_FILTERS, KERNEL_SIZE * KERNEL_SIZE * CONV1_FILTERS, 1);

  model.add(tfl.layers.flatten({ name: 'flatten' }));
  const dense = (units: number, fanIn: number, index: number, relu: boolean) =>
    model.add(
      tfl.layers.dense({
        units,
        activation: relu ? 'relu' : 'linear',
        ...pytorchInit(fanIn, seeds[2 * index], seeds[2 * index + 1]),
        name: `fc${index - 1}`,
      }),
    );
  dense(FC1_UNITS, FLATTENED_FEATURES, 2, true);
  dense(FC2_UNITS, FC1_UNITS, 3, true);
  dense(NUM_CLASSES, FC2_UNITS, 4, false);
  return model;
}

function pytorchInit(fanIn: number, kernelSeed: number, biasSeed: number) {
  const limit = 1 / Math.sqrt(fanIn);
  return {
    kernelInitializer: tfl.initializers.varianceScaling({
      scale: PYTORCH_WEIGHT_SCALE,
      mode: 'fanIn',
      distribution: 'uniform',
      seed: kernelSeed,
    }),
    biasInitializer: tfl.initializers.randomUniform({
      minval: -limit,
      maxval: limit,
      seed: biasSeed,
    }),
  };
}

/** Weight-init stream of the run seed; tfjs treats a seed of 0 as "unseeded", so never 0. */
const WEIGHT_INIT_STREAM = 100;
const INITIALISED_TENSORS = 10;

function layerSeeds(seed: number): number[] {
  return Array.from(
    { length: INITIALISED_TENSORS },
    (_, i) => deriveSeed(seed, WEIGHT_INIT_STREAM + i) || 1,
  );
}
