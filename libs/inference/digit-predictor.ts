import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import {
  DATASET_REGISTRY,
  IMAGE_SIZE,
  normalizePixel,
  PIXEL_MAX,
  PIXELS_PER_IMAGE,
} from '@lenet-lab/mnist';
import { InvalidDigitImageError } from './inference-errors';

export interface DigitPrediction {
  /** The most probable class's index, 0–9: the digit itself on MNIST. */
  digit: number;
  /** That class's name in the model's dataset: '7' on MNIST, 'Sneaker' on Fashion-MNIST. */
  label: string;
  /** Softmax over the ten classes, in class order. */
  probabilities: number[];
}

/** Images per forward pass: bounds the memory one large request can take. */
export const PREDICTION_CHUNK_SIZE = 256;

/**
 * Classifies 28×28 grayscale images given as raw pixel values (0–255, row-major, light on
 * black as in MNIST), normalised exactly as in training. Answers in input order, naming each
 * class by `classNames`: those of the dataset the model was trained on (default MNIST's).
 */
export async function predictDigits(
  model: LayersModel,
  images: readonly ArrayLike<number>[],
  classNames: readonly string[] = DATASET_REGISTRY.mnist.classNames,
): Promise<DigitPrediction[]> {
  images.forEach(checkDigitImage);
  const predictions: DigitPrediction[] = [];
  for (let start = 0; start < images.length; start += PREDICTION_CHUNK_SIZE) {
    const chunk = images.slice(start, start + PREDICTION_CHUNK_SIZE);
    const probabilities = tf.tidy(() =>
      tf.softmax(model.predict(normalisedBatch(chunk)) as tf.Tensor2D),
    );
    const rows = (await probabilities.array()) as number[][];
    probabilities.dispose();
    for (const row of rows) {
      const digit = argMax(row);
      predictions.push({ digit, label: classNames[digit], probabilities: row });
    }
  }
  return predictions;
}

/** Throws InvalidDigitImageError unless the image is 784 finite values in 0–255. */
export function checkDigitImage(image: ArrayLike<number>, index: number): void {
  if (image.length !== PIXELS_PER_IMAGE) {
    throw new InvalidDigitImageError(
      index,
      `has ${image.length} values; a 28×28 digit has ${PIXELS_PER_IMAGE}`,
    );
  }
  for (let i = 0; i < image.length; i++) {
    const value = image[i];
    if (!Number.isFinite(value) || value < 0 || value > PIXEL_MAX) {
      throw new InvalidDigitImageError(
        index,
        `pixel ${i} is ${JSON.stringify(value) ?? String(value)}; pixels are numbers 0–${PIXEL_MAX}`,
      );
    }
  }
}

function normalisedBatch(images: readonly ArrayLike<number>[]): tf.Tensor4D {
  const values = new Float32Array(images.length * PIXELS_PER_IMAGE);
  images.forEach((image, n) => {
    for (let i = 0; i < PIXELS_PER_IMAGE; i++) {
      values[n * PIXELS_PER_IMAGE + i] = normalizePixel(image[i]);
    }
  });
  return tf.tensor4d(values, [images.length, IMAGE_SIZE, IMAGE_SIZE, 1]);
}

function argMax(values: number[]): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}
