import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { LayerVariable } from '@tensorflow/tfjs-layers/dist/variables';
import { NotLeNet5Error } from './onnx-export-errors';

type Layer = LayersModel['layers'][number];

/** Inference-form BatchNorm: y = gamma · (x − movingMean) / √(movingVariance + epsilon) + beta. */
export interface BatchNormParameters {
  gamma: Float32Array;
  beta: Float32Array;
  movingMean: Float32Array;
  movingVariance: Float32Array;
  epsilon: number;
}

/** The hidden layers' activation (createLeNet5's `activation`). */
export type LeNet5Activation = 'relu' | 'tanh';
/** The convolutions' pooling (createLeNet5's `pooling`). */
export type LeNet5Pooling = 'max' | 'avg';

/** convN → [bnN] → reluN or tanhN → poolN; the kernel as tfjs holds it (HWIO). */
export interface ConvBlockParameters {
  kernel: Float32Array;
  /** [kh, kw, in, out] */
  kernelShape: number[];
  bias: Float32Array;
  batchNorm: BatchNormParameters | null;
  activation: LeNet5Activation;
  pooling: LeNet5Pooling;
  poolSize: number[];
  poolStrides: number[];
}

/** fcN, its kernel as tfjs holds it ([in, out]). */
export interface DenseParameters {
  kernel: Float32Array;
  /** [in, out] */
  kernelShape: number[];
  bias: Float32Array;
  /** null for the logits layer. */
  activation: LeNet5Activation | null;
}

/** Everything the ONNX graph needs from a trained LeNet-5, copied out of the tfjs variables. */
export interface LeNet5Parameters {
  modelName: string;
  batchNorm: boolean;
  /** [height, width, channels] of one image. */
  inputShape: number[];
  convBlocks: ConvBlockParameters[];
  /** [height, width, channels] of the features that Flatten receives (pool2's output). */
  flattenInputShape: number[];
  /** fc1, fc2, fc3. */
  dense: DenseParameters[];
}

const CONV_BLOCKS = 2;
const DENSE_LAYERS = 3;

/** What the layer names say about the network: the options createLeNet5 names its layers by. */
interface LeNet5Variant {
  batchNorm: boolean;
  activation: LeNet5Activation;
  /** Dropout layers before the dense layers (identity at inference: not exported). */
  dropout: boolean;
}

/** Layer names in the order createLeNet5 adds them. */
function lenet5LayerNames({ batchNorm, activation, dropout }: LeNet5Variant): string[] {
  const names: string[] = [];
  for (let block = 1; block <= CONV_BLOCKS; block++) {
    names.push(`conv${block}`);
    if (batchNorm) names.push(`bn${block}`);
    names.push(`${activation}${block}`, `pool${block}`);
  }
  names.push('flatten');
  for (let fc = 1; fc <= DENSE_LAYERS; fc++) {
    if (dropout) names.push(`dropout${fc}`);
    names.push(`fc${fc}`);
  }
  return names;
}

/** The activation layer's class, per activation. */
const ACTIVATION_LAYERS: Record<LeNet5Activation, string> = {
  relu: 'ReLU',
  tanh: 'Activation',
};

const POOLING_LAYERS: Record<LeNet5Pooling, string> = {
  max: 'MaxPooling2D',
  avg: 'AveragePooling2D',
};

/**
 * Checks that `model` is createLeNet5's architecture (layer names, order, classes and the
 * configs the ONNX graph relies on) and copies its weights out. Layers are found by name and
 * checked by tfjs's serialisation class name, never by `instanceof`: conv1 is a Conv2D
 * subclass (which keeps the name 'Conv2D'), and a model loaded from a checkpoint is plain tfjs
 * classes.
 */
export async function readLeNet5Parameters(model: LayersModel): Promise<LeNet5Parameters> {
  // Read first and all at once: webgpu has no synchronous read in Node.
  const values: WeightValues = new Map(
    await Promise.all(
      model.weights.map(async (w) => [w, new Float32Array(await w.read().data())] as const),
    ),
  );
  const weight = (owner: Layer, role: string) => weightOf(owner, role, values);
  const layers = model.layers.filter((layer) => layer.getClassName() !== 'InputLayer');
  const names = layers.map((layer) => layer.name);
  const variant: LeNet5Variant = {
    batchNorm: names.includes('bn1') || names.includes('bn2'),
    activation: names.includes('tanh1') ? 'tanh' : 'relu',
    dropout: names.some((name) => name.startsWith('dropout')),
  };
  const { batchNorm, activation } = variant;
  checkLayerNames(names, lenet5LayerNames(variant));
  const byName = new Map(layers.map((layer) => [layer.name, layer]));
  const layer = (name: string) => byName.get(name) as Layer;
  const pooling: LeNet5Pooling =
    layer('pool1').getClassName() === POOLING_LAYERS.avg ? 'avg' : 'max';

  const convBlocks: ConvBlockParameters[] = [];
  for (let block = 1; block <= CONV_BLOCKS; block++) {
    const conv = layer(`conv${block}`);
    expectClass(conv, 'Conv2D');
    expectConfig(conv, { strides: [1, 1], dilationRate: [1, 1], padding: 'valid' });
    expectConfig(conv, { dataFormat: 'channelsLast', activation: 'linear', useBias: true });
    const activationLayer = layer(`${activation}${block}`);
    expectClass(activationLayer, ACTIVATION_LAYERS[activation]);
    if (activation === 'tanh') expectConfig(activationLayer, { activation: 'tanh' });
    if (activationLayer.getConfig().maxValue != null) {
      fail(`${activationLayer.name} is capped (maxValue)`);
    }
    const pool = layer(`pool${block}`);
    expectClass(pool, POOLING_LAYERS[pooling]);
    expectConfig(pool, { padding: 'valid', dataFormat: 'channelsLast' });
    const poolConfig = pool.getConfig();
    const kernel = weight(conv, 'kernel');
    convBlocks.push({
      kernel: kernel.values,
      kernelShape: kernel.shape,
      bias: weight(conv, 'bias').values,
      batchNorm: batchNorm ? readBatchNorm(layer(`bn${block}`), values) : null,
      activation,
      pooling,
      poolSize: poolConfig.poolSize as number[],
      poolStrides: poolConfig.strides as number[],
    });
  }

  expectClass(layer('flatten'), 'Flatten');
  const dense: DenseParameters[] = [];
  for (let fc = 1; fc <= DENSE_LAYERS; fc++) {
    if (variant.dropout) expectClass(layer(`dropout${fc}`), 'Dropout');
    const layerOfFc = layer(`fc${fc}`);
    expectClass(layerOfFc, 'Dense');
    const hidden = fc < DENSE_LAYERS;
    expectConfig(layerOfFc, { activation: hidden ? activation : 'linear', useBias: true });
    const kernel = weight(layerOfFc, 'kernel');
    dense.push({
      kernel: kernel.values,
      kernelShape: kernel.shape,
      bias: weight(layerOfFc, 'bias').values,
      activation: hidden ? activation : null,
    });
  }

  return {
    modelName: model.name,
    batchNorm,
    inputShape: imageShape(model),
    convBlocks,
    flattenInputShape: featureShape(layer(`pool${CONV_BLOCKS}`)),
    dense,
  };
}

function checkLayerNames(actual: string[], expected: string[]): void {
  const missing = expected.filter((name) => !actual.includes(name));
  const unexpected = actual.filter((name) => !expected.includes(name));
  if (missing.length > 0) fail(`missing layer(s) ${missing.join(', ')}`);
  if (unexpected.length > 0) fail(`unexpected layer(s) ${unexpected.join(', ')}`);
  if (actual.join() !== expected.join()) {
    fail(`layers in the order ${actual.join(' → ')}, expected ${expected.join(' → ')}`);
  }
}

function readBatchNorm(bn: Layer, values: WeightValues): BatchNormParameters {
  const weight = (role: string) => weightOf(bn, role, values);
  expectClass(bn, 'BatchNormalization');
  const config = bn.getConfig();
  // tfjs normalises the last axis under either name; ONNX's op normalises axis 1 of NCHW.
  if (config.axis !== -1 && config.axis !== 3) fail(`${bn.name} normalises axis ${config.axis}`);
  const movingMean = weight('moving_mean').values;
  const channels = movingMean.length;
  return {
    // Without center or scale, tfjs has no beta or gamma: the identity values are equivalent.
    gamma: config.scale === false ? new Float32Array(channels).fill(1) : weight('gamma').values,
    beta: config.center === false ? new Float32Array(channels) : weight('beta').values,
    movingMean,
    movingVariance: weight('moving_variance').values,
    epsilon: config.epsilon as number,
  };
}

/** Each of the model's weights, read once. */
type WeightValues = Map<LayerVariable, Float32Array>;

/**
 * A weight by its role ('kernel', 'moving_mean', ...): the last part of its original name,
 * which tfjs never makes unique (the unique `name` may gain a suffix such as `_1`).
 */
function weightOf(
  layer: Layer,
  role: string,
  values: WeightValues,
): { values: Float32Array; shape: number[] } {
  const variable = layer.weights.find((w) => w.originalName.split('/').pop() === role);
  if (!variable) fail(`layer ${layer.name} has no ${role} weight`);
  return { values: values.get(variable)!, shape: variable.shape as number[] };
}

function imageShape(model: LayersModel): number[] {
  if (model.inputs.length !== 1 || model.outputs.length !== 1) {
    fail(`${model.inputs.length} inputs and ${model.outputs.length} outputs, expected 1 and 1`);
  }
  const [batch, ...image] = model.inputs[0].shape;
  if (batch !== null || image.length !== 3 || image.some((size) => size == null)) {
    fail(`input shape [${model.inputs[0].shape.join(', ')}], expected [null, height, width, 1]`);
  }
  return image as number[];
}

function featureShape(layer: Layer): number[] {
  const [, ...features] = layer.outputShape as (number | null)[];
  return features as number[];
}

function expectClass(layer: Layer, className: string): void {
  if (layer.getClassName() !== className) {
    fail(`layer ${layer.name} is a ${layer.getClassName()}, expected a ${className}`);
  }
}

function expectConfig(layer: Layer, expected: Record<string, unknown>): void {
  const config = layer.getConfig();
  for (const [key, value] of Object.entries(expected)) {
    if (JSON.stringify(config[key]) !== JSON.stringify(value)) {
      fail(
        `layer ${layer.name} has ${key} ${JSON.stringify(config[key])}, expected ${JSON.stringify(value)}`,
      );
    }
  }
}

function fail(reason: string): never {
  throw new NotLeNet5Error(reason);
}
