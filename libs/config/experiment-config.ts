import { z } from 'zod';
import { DATASET_NAMES, DATASET_REGISTRY } from '@lenet-lab/mnist';

/** The most epochs one experiment may train: 200 is ten times the seed's longest run. */
export const MAX_EPOCHS = 200;

/**
 * The experiment config: one LeNet-5/MNIST training run. Defaults are the seed's protocol,
 * so `{}` is the seed's baseline. Every object is strict: an unknown field is an error that
 * names it, never something silently ignored.
 */

export const DATASETS = DATASET_NAMES;

export const augmentationSchema = z
  .strictObject({
    enabled: z.boolean().default(false).describe('Random affine transform of each training image'),
    rotationDegrees: z
      .number()
      .min(0)
      .max(180)
      .default(10)
      .describe('Rotation drawn from ±degrees'),
    translateFraction: z
      .number()
      .min(0)
      .max(0.5)
      .default(0.1)
      .describe('Shift drawn from ±fraction of the image size, per axis'),
    scaleMin: z.number().positive().max(2).default(0.95),
    scaleMax: z.number().positive().max(2).default(1.05),
  })
  .refine((a) => a.scaleMin <= a.scaleMax, {
    message: 'scaleMin must not exceed scaleMax',
    path: ['scaleMin'],
  });

export const OPTIMIZERS = ['sgd', 'adam'] as const;

/** The seed's SGD settings, and Adam's usual ones (Kingma & Ba; PyTorch's defaults). */
export const OPTIMIZER_DEFAULTS = {
  type: 'sgd',
  learningRate: 0.01,
  momentum: 0.9,
  beta1: 0.9,
  beta2: 0.999,
  epsilon: 1e-8,
  weightDecay: 0,
} as const;

/** The fields that only one optimiser reads: setting one for the other is an error. */
const SGD_ONLY_FIELDS = ['momentum'] as const;
const ADAM_ONLY_FIELDS = ['beta1', 'beta2', 'epsilon'] as const;

export const optimizerSchema = z
  .strictObject({
    type: z.enum(OPTIMIZERS).default(OPTIMIZER_DEFAULTS.type),
    learningRate: z.number().gt(0).max(10).default(OPTIMIZER_DEFAULTS.learningRate),
    momentum: z
      .number()
      .min(0)
      .lt(1)
      .default(OPTIMIZER_DEFAULTS.momentum)
      .describe('sgd only: heavy-ball momentum'),
    beta1: z
      .number()
      .min(0)
      .lt(1)
      .default(OPTIMIZER_DEFAULTS.beta1)
      .describe('adam only: decay of the first-moment estimate'),
    beta2: z
      .number()
      .min(0)
      .lt(1)
      .default(OPTIMIZER_DEFAULTS.beta2)
      .describe('adam only: decay of the second-moment estimate'),
    epsilon: z
      .number()
      .gt(0)
      .max(1)
      .default(OPTIMIZER_DEFAULTS.epsilon)
      .describe('adam only: added to the root of the second moment'),
    weightDecay: z
      .number()
      .min(0)
      .max(1)
      .default(OPTIMIZER_DEFAULTS.weightDecay)
      .describe('L2 penalty: weightDecay × weight added to every gradient (as PyTorch)'),
  })
  .superRefine((optimizer, context) => {
    // Defaults fill every field, so a value other than the default was set on purpose.
    const ignored = optimizer.type === 'sgd' ? ADAM_ONLY_FIELDS : SGD_ONLY_FIELDS;
    for (const field of ignored) {
      if (optimizer[field] !== OPTIMIZER_DEFAULTS[field]) {
        context.addIssue({
          code: 'custom',
          path: [field],
          message: `${field} is not a setting of the ${optimizer.type} optimizer`,
        });
      }
    }
  });

export const ACTIVATIONS = ['relu', 'tanh'] as const;
export const POOLINGS = ['max', 'avg'] as const;

/** The seed's LeNet-5: conv channels 6 and 16, dense units 120 and 84. */
export const SEED_LENET5_WIDTH = { conv1: 6, conv2: 16, fc1: 120, fc2: 84 } as const;

const MAX_CONV_CHANNELS = 256;
const MAX_DENSE_UNITS = 4096;

export const modelWidthSchema = z.strictObject({
  conv1: z.int().min(1).max(MAX_CONV_CHANNELS).default(SEED_LENET5_WIDTH.conv1),
  conv2: z.int().min(1).max(MAX_CONV_CHANNELS).default(SEED_LENET5_WIDTH.conv2),
  fc1: z.int().min(1).max(MAX_DENSE_UNITS).default(SEED_LENET5_WIDTH.fc1),
  fc2: z.int().min(1).max(MAX_DENSE_UNITS).default(SEED_LENET5_WIDTH.fc2),
});

/** The seed's architecture: every model field at its default. */
export const SEED_MODEL = {
  batchNorm: false,
  activation: 'relu',
  pooling: 'max',
  dropout: 0,
  width: SEED_LENET5_WIDTH,
} as const;

export const modelSchema = z.strictObject({
  batchNorm: z.boolean().default(SEED_MODEL.batchNorm),
  activation: z
    .enum(ACTIVATIONS)
    .default(SEED_MODEL.activation)
    .describe('After each convolution and hidden dense layer'),
  pooling: z
    .enum(POOLINGS)
    .default(SEED_MODEL.pooling)
    .describe('2×2 pooling after each convolution'),
  dropout: z
    .number()
    .min(0)
    .max(0.9)
    .default(SEED_MODEL.dropout)
    .describe('Dropout rate before each dense layer (training only)'),
  width: modelWidthSchema
    .default({ ...SEED_LENET5_WIDTH })
    .describe('Conv channels and dense units'),
});

export const lrScheduleSchema = z.strictObject({
  type: z.enum(['none', 'step']).default('none'),
  stepSize: z.int().min(1).max(200).default(5).describe('Epochs between decays'),
  gamma: z.number().gt(0).max(1).default(0.1).describe('Factor applied at each decay'),
});

export const earlyStoppingSchema = z.strictObject({
  enabled: z.boolean().default(false),
  patience: z
    .int()
    .min(1)
    .max(200)
    .default(3)
    .describe('Epochs without a better validation accuracy'),
  restoreBest: z
    .boolean()
    .default(false)
    .describe('Evaluate the test set with the best-validation weights instead of the last ones'),
});

/** The fields admit the largest dataset's counts; the rules below hold a limit to its own. */
const MOST_TRAIN_IMAGES = Math.max(...DATASETS.map((name) => DATASET_REGISTRY[name].trainImages));
const MOST_TEST_IMAGES = Math.max(...DATASETS.map((name) => DATASET_REGISTRY[name].testImages));

const experimentConfigFields = z.strictObject({
  dataset: z.enum(DATASETS).default('mnist'),
  model: modelSchema.default({ ...SEED_MODEL, width: { ...SEED_LENET5_WIDTH } }),
  augmentation: augmentationSchema.default({
    enabled: false,
    rotationDegrees: 10,
    translateFraction: 0.1,
    scaleMin: 0.95,
    scaleMax: 1.05,
  }),
  optimizer: optimizerSchema.default({ ...OPTIMIZER_DEFAULTS }),
  batchSize: z.int().min(1).max(4096).default(64),
  epochs: z.int().min(1).max(MAX_EPOCHS).default(20),
  lrSchedule: lrScheduleSchema.default({ type: 'none', stepSize: 5, gamma: 0.1 }),
  earlyStopping: earlyStoppingSchema.default({ enabled: false, patience: 3, restoreBest: false }),
  validationSplit: z
    .number()
    .min(0)
    .max(0.5)
    .default(1 / 12)
    .describe(
      'Fraction held out of the end of the training set (1/12 = the seed’s 5,000 of 60,000)',
    ),
  seed: z
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .default(1),
  trainLimit: z
    .int()
    .min(1)
    .max(MOST_TRAIN_IMAGES)
    .nullable()
    .default(null)
    .describe('Use the first N training images'),
  testLimit: z
    .int()
    .min(1)
    .max(MOST_TEST_IMAGES)
    .nullable()
    .default(null)
    .describe('Use the first N test images'),
});

/**
 * The validation images a config holds out: the trainer's split (data-split.ts), the last
 * round(n × validationSplit) of the n training images used.
 */
export function validationImages(
  config: Pick<ExperimentConfig, 'dataset' | 'trainLimit' | 'validationSplit'>,
): number {
  const images = config.trainLimit ?? DATASET_REGISTRY[config.dataset].trainImages;
  return Math.round(images * config.validationSplit);
}

/**
 * Rules between fields, checked where every config is checked (submission, presets, the
 * worker), so a config the API accepts is one a worker can train.
 */
export const experimentConfigSchema = experimentConfigFields.superRefine((config, context) => {
  const dataset = DATASET_REGISTRY[config.dataset];
  for (const [field, limit, count] of [
    ['trainLimit', config.trainLimit, dataset.trainImages],
    ['testLimit', config.testLimit, dataset.testImages],
  ] as const) {
    if (limit !== null && limit > count) {
      context.addIssue({
        code: 'custom',
        path: [field],
        message: `${limit} is more than the ${count} images ${config.dataset} has`,
      });
    }
  }
  const images = config.trainLimit ?? dataset.trainImages;
  const validation = validationImages(config);
  if (images - validation < 1) {
    context.addIssue({
      code: 'custom',
      path: ['validationSplit'],
      message:
        `holds out ${validation} of trainLimit ${images} images, leaving none to train on; ` +
        'lower validationSplit or raise trainLimit',
    });
  }
  if (config.earlyStopping.enabled && validation < 1) {
    context.addIssue({
      code: 'custom',
      path: ['earlyStopping', 'enabled'],
      message:
        `early stopping needs validation images, but validationSplit ${config.validationSplit} ` +
        `of trainLimit ${images} holds out none; raise validationSplit or disable early stopping`,
    });
  }
});

export type ExperimentConfig = z.output<typeof experimentConfigFields>;
export type ExperimentConfigInput = z.input<typeof experimentConfigFields>;
