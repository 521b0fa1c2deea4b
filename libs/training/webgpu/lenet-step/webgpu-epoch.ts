import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import { yieldToEventLoop } from '../../event-loop';
import { isMomentumOptimizer } from '../../optimizer';
import type { EpochRun, EpochRunner, EpochRunOptions } from '../../train-epoch';
import { LeNetStepEngine } from './lenet-step-engine';
import { lenetStepLayout, type ModelWeight } from './lenet-step-layout';

/**
 * Steps queued ahead of the device at most: the host never waits for a GPU that keeps up, and
 * a slow one (SwiftShader) is not handed an epoch's worth of batches, so a cancel or a progress
 * report is never more than this many batches behind.
 */
const STEPS_IN_FLIGHT = 3;
/** The batch capacities the step's dispatches are sized for (the config allows up to 4096). */
const MAX_CAPACITY = 4096;
export const FUSED_STEP_WARNING_CODE = 'LENET_FUSED_STEP_UNAVAILABLE';

/**
 * trainEpoch on webgpu for createLeNet5's networks, through the fused step (LeNetStepEngine);
 * null for anything it does not run (another backend, another network, another optimiser,
 * Nesterov momentum),
 * which then trains on tfjs's ops. At an epoch's start it takes the weights and the momentum
 * from tfjs, and at its end gives them back, with the BatchNorm statistics and the optimiser's
 * step count: between epochs (evaluation, checkpoints, early stopping) tfjs's model and
 * optimiser are the state, as on every other backend.
 */
export async function createWebgpuEpochRunner(
  model: LayersModel,
  optimizer: tf.Optimizer,
  capacity: number,
): Promise<EpochRunner | null> {
  if (tf.getBackend() !== 'webgpu' || capacity > MAX_CAPACITY) return null;
  if (!isMomentumOptimizer(optimizer) || optimizer.getConfig().useNesterov) return null;
  if (!hasSeedLayers(model)) return null;
  const layout = lenetStepLayout(modelWeights(model));
  if (!layout) return null;
  const bn = layout.batchNorm ? model.getLayer('bn1').getConfig() : null;
  let engine: LeNetStepEngine;
  try {
    engine = await LeNetStepEngine.create(
      (tf.backend() as WebGPUBackend).device,
      layout,
      capacity,
      {
        momentum: (bn?.momentum as number | undefined) ?? 0,
        epsilon: (bn?.epsilon as number | undefined) ?? 0,
      },
    );
  } catch (error) {
    // A driver that rejects one of our kernels still trains, on tfjs's ops: slower, not wrong.
    process.emitWarning(
      `lenet-lab's fused LeNet-5 step cannot run on this GPU (${(error as Error).message}); ` +
        "training on webgpu takes tfjs's ops instead, with the same results, more slowly",
      { code: FUSED_STEP_WARNING_CODE },
    );
    return null;
  }
  return {
    run: (options) => runEpoch(engine, options),
    dispose: () => engine.destroy(),
  };
}

/** The layer classes the fused step implements: ReLU, max pooling, no dropout. */
const SEED_LAYER_CLASSES = new Set([
  'InputLayer',
  'Conv2D',
  'BatchNormalization',
  'ReLU',
  'MaxPooling2D',
  'Flatten',
  'Dense',
]);

/**
 * A tanh, average-pooling or dropout network has the seed's weights, which the layout accepts;
 * its layers are what tell it apart.
 */
function hasSeedLayers(model: LayersModel): boolean {
  return model.layers.every((layer) => {
    if (!SEED_LAYER_CLASSES.has(layer.getClassName())) return false;
    const activation = layer.getConfig().activation;
    return activation === undefined || activation === 'relu' || activation === 'linear';
  });
}

function modelWeights(model: LayersModel): ModelWeight[] {
  return model.weights.map((w) => ({
    name: w.originalName,
    shape: w.shape as number[],
    trainable: w.trainable,
  }));
}

async function runEpoch(engine: LeNetStepEngine, options: EpochRunOptions): Promise<EpochRun> {
  const { model, optimizer, train, order, builder } = options;
  const optimizerConfig = optimizer.getConfig();
  const learningRate = optimizerConfig.learningRate as number;
  const momentum = optimizerConfig.momentum as number;
  const batches = Math.ceil(train.count / builder.capacity);
  const started = performance.now();
  const { iterations } = await loadEngine(engine, model, optimizer);
  engine.resetTotals();
  const inFlight: Promise<unknown>[] = [];
  for (let batch = 0; batch < batches; batch++) {
    if (options.shouldStop?.()) return { cancelled: true };
    const start = batch * builder.capacity;
    const count = Math.min(builder.capacity, train.count - start);
    builder.fill(train, order, start, count, options.augment);
    if (inFlight.length >= STEPS_IN_FLIGHT) await inFlight.shift();
    engine.step(builder.images, builder.oneHotLabels, count, learningRate, momentum);
    inFlight.push(engine.stepsDone());
    const done = batch + 1;
    // The first batch too: it tells a watcher that training has started.
    const due = done === 1 || done % options.batchProgressInterval === 0 || done === batches;
    if (options.onBatchEnd && due) {
      const { lastLoss } = await engine.readTotals();
      options.onBatchEnd({ epoch: options.epoch, batch: done, batches, loss: lastLoss });
    }
    await yieldToEventLoop();
  }
  const totals = await engine.readTotals();
  await storeEngine(engine, model, optimizer, iterations + batches);
  return {
    cancelled: false,
    loss: totals.lossSum / train.count,
    accuracy: totals.correct / train.count,
    seconds: (performance.now() - started) / 1000,
  };
}

/** tfjs's weights and momentum into the engine; returns the optimiser's step count. */
async function loadEngine(
  engine: LeNetStepEngine,
  model: LayersModel,
  optimizer: tf.Optimizer,
): Promise<{ iterations: number }> {
  const { layout } = engine;
  const weights = new Float32Array(layout.totalSize);
  const values = await Promise.all(model.weights.map((w) => w.read().data()));
  layout.weights.forEach((w, i) => weights.set(values[i] as Float32Array, w.offset));
  const [iterations, ...momentum] = await optimizer.getWeights();
  const velocity = new Float32Array(layout.trainableSize);
  // Before the first step the optimiser has no momentum yet: zeros, as it would start.
  const trainable = layout.weights.filter((w) => w.trainable);
  const momentumValues = await Promise.all(momentum.map((m) => m.tensor.data()));
  momentumValues.forEach((m, i) => velocity.set(m as Float32Array, trainable[i].offset));
  const count = (await iterations.tensor.data())[0];
  iterations.tensor.dispose();
  engine.load(weights, velocity);
  return { iterations: count };
}

/** The engine's weights, BatchNorm statistics, momentum and step count back into tfjs. */
async function storeEngine(
  engine: LeNetStepEngine,
  model: LayersModel,
  optimizer: tf.Optimizer,
  iterations: number,
): Promise<void> {
  const { weights, velocity } = await engine.readWeights();
  const { layout } = engine;
  const tensors = layout.weights.map((w) =>
    tf.tensor(weights.subarray(w.offset, w.offset + w.size), w.shape),
  );
  model.setWeights(tensors);
  tf.dispose(tensors);
  const [previousIterations, ...previous] = await optimizer.getWeights();
  const variables = model.trainableWeights;
  const momentum = layout.weights
    .filter((w) => w.trainable)
    .map((w, i) => ({
      name: `${(variables[i].read() as tf.Variable).name}/momentum`,
      tensor: tf.tensor(velocity.subarray(w.offset, w.offset + w.size), w.shape),
    }));
  const values = [{ name: 'iter', tensor: tf.scalar(iterations, 'int32') }, ...momentum];
  // setWeights makes new variables from these; the ones it replaces are freed here.
  await optimizer.setWeights(values);
  tf.dispose([
    previousIterations.tensor,
    ...previous.map((p) => p.tensor),
    ...values.map((v) => v.tensor),
  ]);
}
