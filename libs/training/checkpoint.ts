import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { InvalidTrainingSetupError } from './errors';
import { optimizerSlotNames, restoreAdamBiasCorrection } from './optimizer';
import { copyTrainingState, type TrainingState } from './training-state';

export interface StoredTensor {
  shape: number[];
  values: Float32Array;
}

/**
 * A run at an epoch boundary, as plain data (no tensors, no names that depend on how many
 * models the process built before): enough to continue it in another process.
 */
export interface TrainingCheckpoint {
  state: TrainingState;
  /** In model.getWeights() order: trainable weights and the BatchNorm moving statistics. */
  weights: StoredTensor[];
  /**
   * The optimiser's buffers (optimizerSlotNames): SGD's momentum per trainable weight, or
   * Adam's first moments then its second moments; empty before the first step.
   */
  optimizerSlots: StoredTensor[];
  /** Optimiser steps taken so far. */
  iterations: number;
  /** The best-validation weights a restoreBest run keeps (model.getWeights() order), else null. */
  bestWeights: StoredTensor[] | null;
}

export async function captureCheckpoint(
  model: LayersModel,
  optimizer: tf.Optimizer,
  state: TrainingState,
  bestWeights: tf.Tensor[] | null = null,
): Promise<TrainingCheckpoint> {
  const store = async (tensor: tf.Tensor): Promise<StoredTensor> => ({
    shape: tensor.shape.slice(),
    values: Float32Array.from(await tensor.data()),
  });
  // getWeights() lists the iteration count first, then each kind of buffer per variable in
  // the order the optimiser first updated them: model.trainableWeights, as the trainer passes
  // them.
  const [iterations, ...buffers] = await optimizer.getWeights();
  const checkpoint = {
    state: copyTrainingState(state),
    weights: await Promise.all(model.getWeights().map(store)),
    optimizerSlots: await Promise.all(buffers.map((buffer) => store(buffer.tensor))),
    iterations: (await iterations.tensor.data())[0],
    bestWeights: bestWeights ? await Promise.all(bestWeights.map(store)) : null,
  };
  iterations.tensor.dispose();
  return checkpoint;
}

/**
 * Loads a checkpoint's weights and optimiser buffers into a freshly built model and optimiser; returns
 * its best-validation weights as kept tensors (the caller disposes them), or null.
 */
export async function restoreCheckpoint(
  model: LayersModel,
  optimizer: tf.Optimizer,
  checkpoint: TrainingCheckpoint,
): Promise<tf.Tensor[] | null> {
  const current = model.getWeights();
  if (checkpoint.weights.length !== current.length) {
    throw new InvalidTrainingSetupError(
      `checkpoint has ${checkpoint.weights.length} weight tensors, the model ${current.length}` +
        ' (was it saved with another model config?)',
    );
  }
  const weights = checkpoint.weights.map((w) => tf.tensor(w.values, w.shape));
  model.setWeights(weights);
  tf.dispose(weights);
  const bestWeights =
    checkpoint.bestWeights?.map((w) => tf.keep(tf.tensor(w.values, w.shape))) ?? null;
  if (checkpoint.optimizerSlots.length === 0) return bestWeights;
  let names: string[];
  try {
    names = optimizerSlotNames(
      optimizer,
      model.trainableWeights.map((weight) => (weight.read() as tf.Variable).name),
    );
    if (checkpoint.optimizerSlots.length !== names.length) {
      throw new InvalidTrainingSetupError(
        `checkpoint has ${checkpoint.optimizerSlots.length} optimizer buffers, ` +
          `the ${optimizer.getClassName()} optimizer keeps ${names.length}`,
      );
    }
  } catch (error) {
    if (bestWeights) tf.dispose(bestWeights);
    throw error;
  }
  const values = [
    { name: 'iter', tensor: tf.scalar(checkpoint.iterations, 'int32') },
    ...checkpoint.optimizerSlots.map((slot, i) => ({
      name: names[i],
      tensor: tf.tensor(slot.values, slot.shape),
    })),
  ];
  // The optimiser makes its own variables from these, so ours are freed afterwards.
  await optimizer.setWeights(values);
  restoreAdamBiasCorrection(optimizer, checkpoint.iterations);
  tf.dispose(values.map((v) => v.tensor));
  return bestWeights;
}
