import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { ImageSet } from '@lenet-lab/mnist';
import type { BatchBuilder, ImageAugmenter } from './batch-builder';
import { batchTensors } from './batch-tensors';
import { yieldToEventLoop } from './event-loop';
import type { BatchProgress } from './types';

export interface EpochRunOptions {
  model: LayersModel;
  optimizer: tf.Optimizer;
  /** The model's trainable variables, in a fixed order (the optimiser's slots follow it). */
  variables: tf.Variable[];
  train: ImageSet;
  /** This epoch's image order (a permutation of 0..train.count−1). */
  order: Int32Array;
  builder: BatchBuilder;
  augment?: ImageAugmenter;
  /** The L2 penalty's factor (config.optimizer.weightDecay). Default: 0, none. */
  weightDecay?: number;
  epoch: number;
  onBatchEnd?: (progress: BatchProgress) => void;
  batchProgressInterval: number;
  shouldStop?: () => boolean;
}

export type EpochRun =
  { cancelled: false; loss: number; accuracy: number; seconds: number } | { cancelled: true };

/** Trains epochs of one run: trainEpoch on tfjs's ops, or a backend's own (webgpu's fused step). */
export interface EpochRunner {
  run(options: EpochRunOptions): Promise<EpochRun>;
  /** Frees what the runner holds (device buffers); the model and optimiser stay. */
  dispose(): void;
}

/** tfjs's ops on any backend. */
export const TFJS_EPOCH_RUNNER: EpochRunner = { run: trainEpoch, dispose: () => undefined };

/**
 * One pass of minibatch SGD over `order`, the last partial batch included (as PyTorch's
 * DataLoader). Loss and correct-count totals stay on the device until the epoch ends, so a
 * batch needs no device→host read unless onBatchEnd is due.
 */
export async function trainEpoch(options: EpochRunOptions): Promise<EpochRun> {
  const { model, optimizer, variables, train, order, builder, epoch } = options;
  const batches = Math.ceil(train.count / builder.capacity);
  const started = performance.now();
  let lossSum: tf.Scalar = tf.scalar(0);
  let correctSum: tf.Scalar = tf.scalar(0);
  try {
    for (let batch = 0; batch < batches; batch++) {
      if (options.shouldStop?.()) return { cancelled: true };
      const start = batch * builder.capacity;
      const count = Math.min(builder.capacity, train.count - start);
      builder.fill(train, order, start, count, options.augment);
      const { xs, ys } = batchTensors(builder, count);
      let step: { loss: tf.Scalar; correct: tf.Scalar };
      try {
        step = trainStep(model, optimizer, variables, xs, ys, options.weightDecay ?? 0);
      } finally {
        tf.dispose([xs, ys]);
      }
      const previous = [lossSum, correctSum];
      [lossSum, correctSum] = tf.tidy(() => [
        tf.add(lossSum, tf.mul(step.loss, count)) as tf.Scalar,
        tf.add(correctSum, step.correct) as tf.Scalar,
      ]);
      tf.dispose(previous);
      const done = batch + 1;
      // The first batch too: it tells a watcher that training has started.
      const due = done === 1 || done % options.batchProgressInterval === 0 || done === batches;
      if (options.onBatchEnd && due) {
        options.onBatchEnd({ epoch, batch: done, batches, loss: (await step.loss.data())[0] });
      }
      tf.dispose([step.loss, step.correct]);
      await yieldToEventLoop();
    }
    // Reading the totals waits for queued device work, so the time below includes it.
    const [loss, correct] = await Promise.all([lossSum.data(), correctSum.data()]);
    return {
      cancelled: false,
      loss: loss[0] / train.count,
      accuracy: correct[0] / train.count,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    tf.dispose([lossSum, correctSum]);
  }
}

/**
 * One optimiser step on the batch; returns its mean loss and its count of correct predictions.
 * Weight decay minimises loss + weightDecay/2 · Σ weight², whose gradient adds
 * weightDecay · weight to each weight's (PyTorch's weight_decay, for SGD and Adam alike, biases
 * included); the loss returned is the data's alone, as without decay.
 */
function trainStep(
  model: LayersModel,
  optimizer: tf.Optimizer,
  variables: tf.Variable[],
  xs: tf.Tensor4D,
  ys: tf.Tensor2D,
  weightDecay: number,
): { loss: tf.Scalar; correct: tf.Scalar } {
  const correct: tf.Scalar[] = [];
  const dataLoss: tf.Scalar[] = [];
  const objective = optimizer.minimize(
    () => {
      const logits = model.apply(xs, { training: true }) as tf.Tensor2D;
      // Kept out of minimize's tidy: the accuracy comes from the same forward pass.
      correct.push(
        tf.keep(tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), tf.argMax(ys, 1)), 'float32'))),
      );
      const loss = tf.losses.softmaxCrossEntropy(ys, logits) as tf.Scalar;
      if (weightDecay === 0) return loss;
      dataLoss.push(tf.keep(loss));
      const squares = tf.addN(variables.map((variable) => tf.sum(tf.square(variable))));
      return tf.add(loss, tf.mul(squares, weightDecay / 2)) as tf.Scalar;
    },
    true,
    variables,
  ) as tf.Scalar;
  if (weightDecay === 0) return { loss: objective, correct: correct[0] };
  objective.dispose();
  return { loss: dataLoss[0], correct: correct[0] };
}
