import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { resolveConfig, type ExperimentConfigInput } from '@lenet-lab/config';
import { loadMnist, type Dataset, type ImageSet } from '@lenet-lab/mnist';
import {
  BatchBuilder,
  createLeNet5,
  createOptimizer,
  fusedStepApplies,
  initBackend,
  train,
  trainEpoch,
  type EpochMetrics,
  type TrainingCheckpoint,
} from '@lenet-lab/training';
import { batchTensors } from '@lenet-lab/training/batch-tensors';

let dataset: Dataset;

beforeAll(async () => {
  await initBackend({ backend: 'wasm' });
  dataset = await loadMnist({ trainLimit: 600, testLimit: 200, sources: ['package'] });
});

const layerSummary = (model: tfl.LayersModel) =>
  model.layers.map((layer) => [layer.name, layer.getClassName(), layer.outputShape]);

describe('createLeNet5 with the ablation options', () => {
  it("keeps the seed's layers, names and classes when every option is at its default", () => {
    const model = createLeNet5({});
    expect(layerSummary(model)).toEqual([
      ['conv1', 'Conv2D', [null, 24, 24, 6]],
      ['relu1', 'ReLU', [null, 24, 24, 6]],
      ['pool1', 'MaxPooling2D', [null, 12, 12, 6]],
      ['conv2', 'Conv2D', [null, 8, 8, 16]],
      ['relu2', 'ReLU', [null, 8, 8, 16]],
      ['pool2', 'MaxPooling2D', [null, 4, 4, 16]],
      ['flatten', 'Flatten', [null, 256]],
      ['fc1', 'Dense', [null, 120]],
      ['fc2', 'Dense', [null, 84]],
      ['fc3', 'Dense', [null, 10]],
    ]);
    model.dispose();
  });

  it('builds tanh, average pooling, dropout before each dense layer, and the widths asked for', () => {
    const model = createLeNet5({
      activation: 'tanh',
      pooling: 'avg',
      dropout: 0.25,
      width: { conv1: 4, conv2: 8, fc1: 60, fc2: 42 },
    });
    expect(layerSummary(model)).toEqual([
      ['conv1', 'Conv2D', [null, 24, 24, 4]],
      ['tanh1', 'Activation', [null, 24, 24, 4]],
      ['pool1', 'AveragePooling2D', [null, 12, 12, 4]],
      ['conv2', 'Conv2D', [null, 8, 8, 8]],
      ['tanh2', 'Activation', [null, 8, 8, 8]],
      ['pool2', 'AveragePooling2D', [null, 4, 4, 8]],
      ['flatten', 'Flatten', [null, 128]],
      ['dropout1', 'Dropout', [null, 128]],
      ['fc1', 'Dense', [null, 60]],
      ['dropout2', 'Dropout', [null, 60]],
      ['fc2', 'Dense', [null, 42]],
      ['dropout3', 'Dropout', [null, 42]],
      ['fc3', 'Dense', [null, 10]],
    ]);
    expect(model.getLayer('fc1').getConfig().activation).toBe('tanh');
    expect(model.getLayer('fc3').getConfig().activation).toBe('linear');
    model.dispose();
  });

  it('drops out in training only, with masks that repeat for the same seed and step', () => {
    const build = () => createLeNet5({ dropout: 0.5, seed: 3 });
    const [a, b] = [build(), build()];
    const x = tf.randomUniform([4, 28, 28, 1], 0, 1, 'float32', 9) as tf.Tensor4D;
    const values = (model: tfl.LayersModel, training: boolean) =>
      tf.tidy(() => Array.from((model.apply(x, { training }) as tf.Tensor).dataSync()));
    expect(values(a, false)).toEqual(values(a, false));
    const [firstA, secondA] = [values(a, true), values(a, true)];
    const [firstB, secondB] = [values(b, true), values(b, true)];
    expect(firstA).toEqual(firstB);
    expect(secondA).toEqual(secondB);
    expect(secondA).not.toEqual(firstA);
    expect(firstA).not.toEqual(values(a, false));
    tf.dispose(x);
    [a, b].forEach((model) => model.dispose());
  });
});

/** One batch of 8 real training images. */
function firstBatch(): { train: ImageSet; builder: BatchBuilder } {
  const count = 8;
  const train: ImageSet = {
    count,
    images: dataset.train.images.slice(0, count * 784),
    labels: dataset.train.labels.slice(0, count),
  };
  return { train, builder: new BatchBuilder(count) };
}

/** The data loss's gradient for each trainable weight, at the model's current weights. */
function dataGradients(model: tfl.LayersModel, train: ImageSet): Float32Array[] {
  const builder = new BatchBuilder(train.count);
  builder.fill(train, null, 0, train.count);
  const { xs, ys } = batchTensors(builder, train.count);
  const variables = model.trainableWeights.map((weight) => weight.read() as tf.Variable);
  const { grads } = tf.variableGrads(
    () => tf.losses.softmaxCrossEntropy(ys, model.apply(xs, { training: true }) as tf.Tensor),
    variables,
  );
  const result = variables.map((variable) => grads[variable.name].dataSync() as Float32Array);
  tf.dispose([xs, ys, ...Object.values(grads)]);
  return result;
}

async function oneStep(
  model: tfl.LayersModel,
  optimizerConfig: ExperimentConfigInput['optimizer'],
) {
  const config = resolveConfig({ overrides: { optimizer: optimizerConfig } }).optimizer;
  const optimizer = createOptimizer(config);
  const { train, builder } = firstBatch();
  await trainEpoch({
    model,
    optimizer,
    variables: model.trainableWeights.map((weight) => weight.read() as tf.Variable),
    train,
    order: Int32Array.from({ length: train.count }, (_, i) => i),
    builder,
    weightDecay: config.weightDecay,
    epoch: 1,
    batchProgressInterval: Number.MAX_SAFE_INTEGER,
  });
  optimizer.dispose();
}

function maxAbsDifference(a: Float32Array[], b: Float32Array[]): number {
  let max = 0;
  a.forEach((values, i) =>
    values.forEach((value, j) => (max = Math.max(max, Math.abs(value - b[i][j])))),
  );
  return max;
}

describe('The optimizer step', () => {
  const WEIGHT_DECAY = 0.05;
  const LEARNING_RATE = 0.01;

  it.each([
    [
      'SGD with momentum: the first step is −lr × (gradient + weightDecay × weight)',
      { type: 'sgd' as const, learningRate: LEARNING_RATE, weightDecay: WEIGHT_DECAY },
      (weight: number, gradient: number) => weight - LEARNING_RATE * gradient,
    ],
    [
      'Adam: the first step is −lr × g / (|g| + ε), g with weight decay (bias-corrected moments g and g²)',
      {
        type: 'adam' as const,
        learningRate: LEARNING_RATE,
        weightDecay: WEIGHT_DECAY,
        epsilon: 1e-8,
      },
      (weight: number, gradient: number) =>
        weight - (LEARNING_RATE * gradient) / (Math.sqrt(gradient * gradient) + 1e-8),
    ],
  ])('%s', async (_name, optimizer, update) => {
    const model = createLeNet5({ seed: 4, activation: 'tanh', pooling: 'avg' });
    const before = model.trainableWeights.map((w) => w.read().dataSync() as Float32Array);
    const gradients = dataGradients(model, firstBatch().train);
    const expected = before.map((weights, i) =>
      weights.map((weight, j) => update(weight, gradients[i][j] + WEIGHT_DECAY * weight)),
    );
    await oneStep(model, optimizer);
    const after = model.trainableWeights.map((w) => w.read().dataSync() as Float32Array);
    expect(maxAbsDifference(after, expected)).toBeLessThan(2e-6);
    // Weight decay moved the weights: without it the step differs.
    const withoutDecay = before.map((weights, i) =>
      weights.map((weight, j) => update(weight, gradients[i][j])),
    );
    expect(maxAbsDifference(after, withoutDecay)).toBeGreaterThan(1e-5);
    model.dispose();
  });
});

/** The metrics that must repeat exactly (timings cannot). */
function learned(epochs: EpochMetrics[]) {
  return epochs.map(({ epochSeconds: _s, imagesPerSecond: _i, ...rest }) => rest);
}

describe('train with the ablation options', () => {
  const NEW_ARCHITECTURE: ExperimentConfigInput = {
    trainLimit: 600,
    testLimit: 200,
    epochs: 2,
    batchSize: 32,
    model: { activation: 'tanh', pooling: 'avg', dropout: 0.2, width: { conv1: 4, fc1: 60 } },
    optimizer: { type: 'adam', learningRate: 0.002, weightDecay: 1e-4 },
  };

  it('learns, and resumes from an epoch checkpoint (Adam moments included) exactly', async () => {
    const config = resolveConfig({ overrides: NEW_ARCHITECTURE });
    let checkpoint: TrainingCheckpoint | undefined;
    const unbroken = await train({
      config,
      dataset,
      onEpochEnd: async (metrics, context) => {
        if (metrics.epoch === 1) checkpoint = await context.checkpoint();
      },
    });
    expect(unbroken.testAccuracy).toBeGreaterThan(0.6);
    // Adam keeps two buffers per trainable weight.
    expect(checkpoint!.optimizerSlots).toHaveLength(2 * 10);
    const resumed = await train({ config, dataset, resumeFrom: checkpoint });
    expect(learned(resumed.epochs)).toEqual(learned(unbroken.epochs));
    expect(resumed.confusionMatrix).toEqual(unbroken.confusionMatrix);
  });

  it('refuses a checkpoint of another optimizer, naming both counts', async () => {
    const sgd = resolveConfig({ overrides: { ...NEW_ARCHITECTURE, optimizer: {}, epochs: 1 } });
    let checkpoint: TrainingCheckpoint | undefined;
    await train({
      config: sgd,
      dataset,
      onEpochEnd: async (_metrics, context) => {
        checkpoint = await context.checkpoint();
      },
    });
    const adam = resolveConfig({ overrides: NEW_ARCHITECTURE });
    await expect(train({ config: adam, dataset, resumeFrom: checkpoint })).rejects.toThrow(
      /checkpoint has 10 optimizer buffers, the Adam optimizer keeps 20/,
    );
  });
});

describe('fusedStepApplies', () => {
  const config = (overrides: ExperimentConfigInput) => resolveConfig({ overrides });

  it("takes the seed's network, with or without BatchNorm, and SGD", () => {
    expect(fusedStepApplies(config({}))).toBe(true);
    expect(fusedStepApplies(config({ model: { batchNorm: true } }))).toBe(true);
    expect(fusedStepApplies(config({ optimizer: { learningRate: 0.1, momentum: 0 } }))).toBe(true);
  });

  it.each([
    [{ model: { activation: 'tanh' } }],
    [{ model: { pooling: 'avg' } }],
    [{ model: { dropout: 0.1 } }],
    [{ model: { width: { fc2: 85 } } }],
    [{ optimizer: { type: 'adam' } }],
    [{ optimizer: { weightDecay: 1e-4 } }],
  ] as [ExperimentConfigInput][])('leaves %j to tfjs’s ops', (overrides) => {
    expect(fusedStepApplies(config(overrides))).toBe(false);
  });
});
