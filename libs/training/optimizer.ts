import * as tf from '@tensorflow/tfjs-core';
import type { ExperimentConfig } from '@lenet-lab/config';
import { InvalidTrainingSetupError } from './errors';

export type OptimizerConfig = ExperimentConfig['optimizer'];

/**
 * The config's optimiser: SGD with (heavy-ball) momentum, as the seed's, or Adam. Weight decay
 * is not the optimiser's: the training step adds it to the loss (see train-epoch.ts).
 */
export function createOptimizer(config: OptimizerConfig): tf.Optimizer {
  return config.type === 'adam'
    ? tf.train.adam(config.learningRate, config.beta1, config.beta2, config.epsilon)
    : tf.train.momentum(config.learningRate, config.momentum);
}

/**
 * tfjs's optimisers answer `instanceof` by duck typing (any optimiser is an SGDOptimizer), so
 * their serialisation class name tells them apart.
 */
export function isMomentumOptimizer(optimizer: tf.Optimizer): optimizer is tf.MomentumOptimizer {
  return optimizer.getClassName() === tf.MomentumOptimizer.className;
}

/**
 * Sets the rate the next steps use (the schedule changes it per epoch). tfjs gives SGD a
 * setter and Adam none, but Adam reads its (protected) field at every step.
 */
export function setLearningRate(optimizer: tf.Optimizer, learningRate: number): void {
  if (isMomentumOptimizer(optimizer)) optimizer.setLearningRate(learningRate);
  else (optimizer as unknown as { learningRate: number }).learningRate = learningRate;
}

export function disposeOptimizer(optimizer: tf.Optimizer): void {
  optimizer.dispose();
  // tfjs 4.22's MomentumOptimizer.dispose skips its parent's, which frees the learning-rate
  // scalar: one leaked tensor per run without this (disposing twice is harmless).
  if (isMomentumOptimizer(optimizer)) tf.SGDOptimizer.prototype.dispose.call(optimizer);
}

/**
 * Sets Adam's bias-correction powers (β₁ᵗ⁺¹, β₂ᵗ⁺¹ after t steps) to the float32 values an
 * unbroken run holds. Adam keeps them by multiplying by β once per step, and its setWeights
 * recomputes them with pow, which rounds differently in the last bit: a resumed run would
 * then drift from the unbroken one by ~1e-7. Repeating the products here keeps it exact.
 */
export function restoreAdamBiasCorrection(optimizer: tf.Optimizer, iterations: number): void {
  if (optimizer.getClassName() !== tf.AdamOptimizer.className) return;
  const adam = optimizer as unknown as {
    beta1: number;
    beta2: number;
    accBeta1: tf.Variable;
    accBeta2: tf.Variable;
  };
  const power = (beta: number) => {
    let value = Math.fround(beta);
    for (let step = 0; step < iterations; step++) value = Math.fround(value * Math.fround(beta));
    return value;
  };
  tf.tidy(() => {
    adam.accBeta1.assign(tf.scalar(power(adam.beta1)));
    adam.accBeta2.assign(tf.scalar(power(adam.beta2)));
  });
}

/**
 * The buffers each optimiser keeps per variable, in its getWeights() order: all of the first
 * kind (one per variable, in the variables' order), then all of the next.
 */
const SLOTS_PER_VARIABLE: Record<string, string[]> = {
  Momentum: ['momentum'],
  Adam: ['m', 'v'],
};

/** The names setWeights gives the restored buffers (`<variable>/<slot>`, as tfjs names them). */
export function optimizerSlotNames(optimizer: tf.Optimizer, variableNames: string[]): string[] {
  const className = optimizer.getClassName();
  const slots = SLOTS_PER_VARIABLE[className];
  if (!slots) {
    throw new InvalidTrainingSetupError(`cannot checkpoint a ${className} optimizer's state`);
  }
  return slots.flatMap((slot) => variableNames.map((name) => `${name}/${slot}`));
}
