import * as tfl from '@tensorflow/tfjs-layers';
import { SEED_MODEL, type ExperimentConfig } from '@lenet-lab/config';
import { IMAGE_SIZE, NUM_CLASSES } from '@lenet-lab/mnist';
import { createFusedBatchNormalization } from './kernels/fused-batch-normalization';
import { createInputConv2D } from './kernels/input-conv2d';
import {
  LENET5_KERNEL_SIZE,
  LENET5_POOL_SIZE,
  lenet5FlattenedFeatures,
  type LeNet5Width,
} from './model-cost';
import { createSeededDropout } from './seeded-dropout';
import { deriveSeed } from './seeded-random';

export interface LeNet5Options {
  /** BatchNorm after each convolution, before its activation. Default: false (the seed's). */
  batchNorm?: boolean;
  /** After each convolution and hidden dense layer. Default: 'relu' (the seed's). */
  activation?: Activation;
  /** 2×2 pooling after each convolution's activation. Default: 'max' (the seed's). */
  pooling?: Pooling;
  /** Dropout rate before each dense layer, in training only; 0 adds no layer. Default: 0. */
  dropout?: number;
  /** Conv channels and dense units. Default: the seed's 6, 16, 120, 84. */
  width?: LeNet5Width;
  /** Seeds every initialiser: the same seed gives the same weights. Default: 1. */
  seed?: number;
}

export type Activation = ExperimentConfig['model']['activation'];
export type Pooling = ExperimentConfig['model']['pooling'];

export const LENET5_INPUT_SHAPE = [IMAGE_SIZE, IMAGE_SIZE, 1];

/** PyTorch's BatchNorm2d defaults; tfjs's momentum is the weight of the old value (1 − 0.1). */
const BATCH_NORM_MOMENTUM = 0.9;
const BATCH_NORM_EPSILON = 1e-5;

/**
 * PyTorch's default init for Conv2d and Linear (kaiming_uniform with a = √5) draws weights from
 * U(±1/√fan_in), and its bias init draws from the same range; varianceScaling with scale 1/3
 * and uniform fan-in gives limit √(3 · 1/3 / fan_in) = 1/√fan_in.
 */
const PYTORCH_WEIGHT_SCALE = 1 / 3;

/** The LeNet-5 options of an experiment config. */
export function lenet5Options(config: Pick<ExperimentConfig, 'model' | 'seed'>): LeNet5Options {
  return { ...config.model, seed: config.seed };
}

/**
 * The seed's LeNet-5 (PyTorch): conv 6@5×5 → [BN] → ReLU → maxpool 2 → conv 16@5×5 → [BN] →
 * ReLU → maxpool 2 → flatten (256) → dense 120 → ReLU → dense 84 → ReLU → dense 10 (logits).
 * The options change the activation (tanh: an Activation layer named tanhN, and the hidden
 * dense layers' activation), the pooling (average), the widths, and add a Dropout layer
 * (dropoutN) before each dense layer; at their defaults the layers are the seed's, names
 * included. Input: normalised 28×28×1 images (NHWC). Not compiled: the trainer owns the loss
 * and optimiser.
 */
export function createLeNet5(options: LeNet5Options = {}): tfl.Sequential {
  const batchNorm = options.batchNorm ?? SEED_MODEL.batchNorm;
  const activation = options.activation ?? SEED_MODEL.activation;
  const pooling = options.pooling ?? SEED_MODEL.pooling;
  const dropout = options.dropout ?? SEED_MODEL.dropout;
  const width = options.width ?? SEED_MODEL.width;
  const seeds = layerSeeds(options.seed ?? 1);
  const model = tfl.sequential({ name: batchNorm ? 'lenet5_bn' : 'lenet5' });

  const convBlock = (filters: number, fanIn: number, index: number, inputShape?: number[]) => {
    const convArgs = {
      filters,
      kernelSize: LENET5_KERNEL_SIZE,
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
    model.add(
      activation === 'relu'
        ? tfl.layers.reLU({ name: `relu${index + 1}` })
        : tfl.layers.activation({ activation, name: `${activation}${index + 1}` }),
    );
    const poolArgs = { poolSize: LENET5_POOL_SIZE, name: `pool${index + 1}` };
    model.add(
      pooling === 'max' ? tfl.layers.maxPooling2d(poolArgs) : tfl.layers.averagePooling2d(poolArgs),
    );
  };
  const kernelArea = LENET5_KERNEL_SIZE * LENET5_KERNEL_SIZE;
  convBlock(width.conv1, kernelArea, 0, LENET5_INPUT_SHAPE);
  convBlock(width.conv2, kernelArea * width.conv1, 1);

  model.add(tfl.layers.flatten({ name: 'flatten' }));
  const dense = (units: number, fanIn: number, index: number, hidden: boolean) => {
    const fc = index - 1;
    if (dropout > 0) {
      const maskSeed = deriveSeed(options.seed ?? 1, DROPOUT_MASK_STREAM + fc);
      model.add(createSeededDropout({ rate: dropout, name: `dropout${fc}` }, maskSeed));
    }
    model.add(
      tfl.layers.dense({
        units,
        activation: hidden ? activation : 'linear',
        ...pytorchInit(fanIn, seeds[2 * index], seeds[2 * index + 1]),
        name: `fc${fc}`,
      }),
    );
  };
  dense(width.fc1, lenet5FlattenedFeatures(width), 2, true);
  dense(width.fc2, width.fc1, 3, true);
  dense(NUM_CLASSES, width.fc2, 4, false);
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
/** Dropout masks' streams of the run seed, one per dropout layer (see SeededDropout). */
const DROPOUT_MASK_STREAM = 200;
const INITIALISED_TENSORS = 10;

function layerSeeds(seed: number): number[] {
  return Array.from(
    { length: INITIALISED_TENSORS },
    (_, i) => deriveSeed(seed, WEIGHT_INIT_STREAM + i) || 1,
  );
}
