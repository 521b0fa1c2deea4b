import * as tf from '@tensorflow/tfjs-core';
import { IMAGE_SIZE, NUM_CLASSES, PIXELS_PER_IMAGE } from '@lenet-lab/mnist';
import type { BatchBuilder } from './batch-builder';

export interface BatchTensors {
  /** Normalised images, NHWC: [count, 28, 28, 1]. */
  xs: tf.Tensor4D;
  /** One-hot labels: [count, 10]. */
  ys: tf.Tensor2D;
}

/**
 * Tensors over the first `count` rows of the builder's last fill. The caller disposes both
 * (or makes them inside tf.tidy) before the next fill, because the cpu backend keeps the
 * builder's arrays rather than copies.
 */
export function batchTensors(builder: BatchBuilder, count: number): BatchTensors {
  const xs = tf.tensor4d(builder.images.subarray(0, count * PIXELS_PER_IMAGE), [
    count,
    IMAGE_SIZE,
    IMAGE_SIZE,
    1,
  ]);
  const ys = tf.tensor2d(builder.oneHotLabels.subarray(0, count * NUM_CLASSES), [
    count,
    NUM_CLASSES,
  ]);
  return { xs, ys };
}
