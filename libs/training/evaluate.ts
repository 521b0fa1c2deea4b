import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { ImageSet } from '@lenet-lab/mnist';
import type { BatchBuilder } from './batch-builder';
import { batchTensors } from './batch-tensors';
import { yieldToEventLoop } from './event-loop';

export interface Evaluation {
  /** Mean cross-entropy over the set. */
  loss: number;
  accuracy: number;
  /** Predicted class per image. */
  predictions: Uint8Array;
  /** Softmax probability of the predicted class per image. */
  confidences: Float32Array;
}

/**
 * The whole set in inference mode (BatchNorm on its moving statistics), in batches of the
 * builder's capacity, each under tf.tidy, yielding to the event loop between batches.
 */
export async function evaluate(
  model: LayersModel,
  set: ImageSet,
  builder: BatchBuilder,
): Promise<Evaluation> {
  const predictions = new Uint8Array(set.count);
  const confidences = new Float32Array(set.count);
  let lossSum = 0;
  let correct = 0;
  for (let start = 0; start < set.count; start += builder.capacity) {
    const count = Math.min(builder.capacity, set.count - start);
    builder.fill(set, null, start, count);
    const [lossTensor, predicted, confidence] = tf.tidy(() => {
      const { xs, ys } = batchTensors(builder, count);
      const logits = model.apply(xs, { training: false }) as tf.Tensor2D;
      const loss = tf.losses.softmaxCrossEntropy(ys, logits, undefined, 0, tf.Reduction.SUM);
      const probabilities = tf.softmax(logits);
      return [loss, tf.argMax(probabilities, 1), tf.max(probabilities, 1)];
    });
    const [lossValue, predictedValues, confidenceValues] = await Promise.all([
      lossTensor.data(),
      predicted.data(),
      confidence.data(),
    ]);
    tf.dispose([lossTensor, predicted, confidence]);
    lossSum += lossValue[0];
    for (let i = 0; i < count; i++) {
      predictions[start + i] = predictedValues[i];
      confidences[start + i] = confidenceValues[i];
      if (predictedValues[i] === set.labels[start + i]) correct++;
    }
    await yieldToEventLoop();
  }
  return {
    loss: lossSum / set.count,
    accuracy: correct / set.count,
    predictions,
    confidences,
  };
}
