/** @jest-environment ./test/onnx/support/onnxruntime-environment.ts */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import * as ort from 'onnxruntime-node';
import { loadMnist, NUM_CLASSES, PIXELS_PER_IMAGE, type ImageSet } from '@lenet-lab/mnist';
import { exportLeNet5ToOnnx } from '@lenet-lab/onnx';
import { BatchBuilder, createLeNet5, initBackend, trainEpoch } from '@lenet-lab/training';

/**
 * A few hundred real SGD steps, so the weights and BatchNorm's moving statistics are trained
 * ones rather than the initial values (moving mean 0, variance 1) that hide layout mistakes.
 */
const TRAIN_IMAGES = 9600;
const BATCH_SIZE = 32;
const LEARNING_RATE = 0.01;
const MOMENTUM = 0.9;
/** Chunks for inference, so neither runtime holds 10,000 images' activations at once. */
const CHUNK = 2000;
/** float32 with different summation orders (XNNPACK vs MLAS); observed differences are ~1e-6. */
const LOGIT_TOLERANCE = 1e-4;

let train: ImageSet;
let testImages: Float32Array;
let testLabels: Uint8Array;

beforeAll(async () => {
  await initBackend({ backend: 'wasm' });
  const mnist = await loadMnist({ trainLimit: TRAIN_IMAGES, sources: ['package'] });
  train = mnist.train;
  const builder = new BatchBuilder(mnist.test.count);
  builder.fill(mnist.test, null, 0, mnist.test.count);
  testImages = builder.images;
  testLabels = mnist.test.labels;
});

async function trainBriefly(model: tfl.LayersModel): Promise<void> {
  const optimizer = tf.train.momentum(LEARNING_RATE, MOMENTUM);
  const result = await trainEpoch({
    model,
    optimizer,
    variables: model.trainableWeights.map((weight) => weight.read() as tf.Variable),
    train,
    order: Int32Array.from({ length: train.count }, (_, i) => i),
    builder: new BatchBuilder(BATCH_SIZE),
    epoch: 1,
    batchProgressInterval: Number.MAX_SAFE_INTEGER,
  });
  optimizer.dispose();
  if (result.cancelled) throw new Error('training was cancelled');
}

async function tfjsLogits(model: tfl.LayersModel): Promise<Float32Array> {
  const count = testLabels.length;
  const logits = new Float32Array(count * NUM_CLASSES);
  for (let start = 0; start < count; start += CHUNK) {
    const size = Math.min(CHUNK, count - start);
    const pixels = testImages.subarray(start * PIXELS_PER_IMAGE, (start + size) * PIXELS_PER_IMAGE);
    const output = tf.tidy(
      () => model.predict(tf.tensor4d(pixels, [size, 28, 28, 1])) as tf.Tensor,
    );
    logits.set(await output.data(), start * NUM_CLASSES);
    output.dispose();
  }
  return logits;
}

async function onnxOutputs(
  bytes: Uint8Array,
): Promise<{ logits: Float32Array; probabilities: Float32Array }> {
  const session = await ort.InferenceSession.create(bytes);
  const count = testLabels.length;
  const logits = new Float32Array(count * NUM_CLASSES);
  const probabilities = new Float32Array(count * NUM_CLASSES);
  try {
    for (let start = 0; start < count; start += CHUNK) {
      const size = Math.min(CHUNK, count - start);
      const pixels = testImages.slice(start * PIXELS_PER_IMAGE, (start + size) * PIXELS_PER_IMAGE);
      const result = await session.run({
        image: new ort.Tensor('float32', pixels, [size, 28, 28, 1]),
      });
      logits.set(result.logits.data as Float32Array, start * NUM_CLASSES);
      probabilities.set(result.probabilities.data as Float32Array, start * NUM_CLASSES);
    }
  } finally {
    await session.release();
  }
  return { logits, probabilities };
}

function argMaxes(scores: Float32Array): Int32Array {
  return Int32Array.from({ length: scores.length / NUM_CLASSES }, (_, row) => {
    let best = 0;
    for (let c = 1; c < NUM_CLASSES; c++) {
      if (scores[row * NUM_CLASSES + c] > scores[row * NUM_CLASSES + best]) best = c;
    }
    return best;
  });
}

function softmaxRows(logits: Float32Array): Float64Array {
  const result = new Float64Array(logits.length);
  for (let row = 0; row < logits.length / NUM_CLASSES; row++) {
    const values = Array.from(logits.subarray(row * NUM_CLASSES, (row + 1) * NUM_CLASSES));
    const max = Math.max(...values);
    const exps = values.map((v) => Math.exp(v - max));
    const sum = exps.reduce((a, b) => a + b, 0);
    exps.forEach((e, c) => (result[row * NUM_CLASSES + c] = e / sum));
  }
  return result;
}

function maxAbsDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}

describe.each([
  ['without BatchNorm', false],
  ['with BatchNorm', true],
])('The ONNX export of a trained LeNet-5 %s, run by onnxruntime', (label, batchNorm) => {
  let model: tfl.Sequential;
  let expected: Float32Array;
  let actual: { logits: Float32Array; probabilities: Float32Array };

  beforeAll(async () => {
    model = createLeNet5({ batchNorm, seed: 7 });
    await trainBriefly(model);
    expected = await tfjsLogits(model);
    actual = await onnxOutputs(await exportLeNet5ToOnnx(model));
  });

  afterAll(() => model.dispose());

  it('is trained: over 90% test accuracy, BatchNorm statistics off their initial values', () => {
    const predictions = argMaxes(expected);
    const correct = predictions.filter((digit, i) => digit === testLabels[i]).length;
    process.stdout.write(`[${label}] tfjs test accuracy: ${correct}/${testLabels.length}\n`);
    expect(correct / testLabels.length).toBeGreaterThan(0.9);
    if (batchNorm) {
      const [, , mean, variance] = model.getLayer('bn2').getWeights();
      expect(maxAbsDifference(mean.dataSync(), new Float32Array(16))).toBeGreaterThan(0.05);
      expect(maxAbsDifference(variance.dataSync(), new Float32Array(16).fill(1))).toBeGreaterThan(
        0.05,
      );
    }
  });

  it('predicts the same digit as tfjs for all 10,000 test images', () => {
    const tfjsDigits = argMaxes(expected);
    const onnxDigits = argMaxes(actual.logits);
    const agreeing = onnxDigits.filter((digit, i) => digit === tfjsDigits[i]).length;
    process.stdout.write(`[${label}] argmax agreement: ${agreeing}/${testLabels.length}\n`);
    expect(agreeing).toBe(testLabels.length);
  });

  it(`gives logits within ${LOGIT_TOLERANCE} of tfjs's and their softmax as probabilities`, () => {
    const logitDifference = maxAbsDifference(actual.logits, expected);
    const probabilityDifference = maxAbsDifference(actual.probabilities, softmaxRows(expected));
    process.stdout.write(
      `[${label}] max |logit difference| ${logitDifference.toExponential(2)}, ` +
        `max |probability difference| ${probabilityDifference.toExponential(2)}\n`,
    );
    expect(logitDifference).toBeLessThan(LOGIT_TOLERANCE);
    expect(probabilityDifference).toBeLessThan(LOGIT_TOLERANCE);
  });
});
