/** @jest-environment ./test/onnx/support/onnxruntime-environment.ts */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import * as ort from 'onnxruntime-node';
import { loadMnist, NUM_CLASSES, PIXELS_PER_IMAGE, type ImageSet } from '@lenet-lab/mnist';
import { decodeOnnxModel, exportLeNet5ToOnnx } from '@lenet-lab/onnx';
import {
  BatchBuilder,
  createLeNet5,
  initBackend,
  trainEpoch,
  type LeNet5Options,
} from '@lenet-lab/training';

/**
 * Each new architecture, trained for a few hundred SGD steps (so the weights are not their
 * initial values), then run by tfjs and by onnxruntime on the first 2,000 real test images.
 */
const TRAIN_IMAGES = 4000;
const TEST_IMAGES = 2000;
const BATCH_SIZE = 32;
/** float32 with different summation orders; the seed's network agrees within ~1e-6. */
const LOGIT_TOLERANCE = 1e-4;

let train: ImageSet;
let testImages: Float32Array;

beforeAll(async () => {
  await initBackend({ backend: 'wasm' });
  const mnist = await loadMnist({
    trainLimit: TRAIN_IMAGES,
    testLimit: TEST_IMAGES,
    sources: ['package'],
  });
  train = mnist.train;
  const builder = new BatchBuilder(mnist.test.count);
  builder.fill(mnist.test, null, 0, mnist.test.count);
  testImages = builder.images;
});

async function trainBriefly(model: tfl.LayersModel): Promise<void> {
  const optimizer = tf.train.momentum(0.01, 0.9);
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

function argMaxes(scores: Float32Array): Int32Array {
  return Int32Array.from({ length: scores.length / NUM_CLASSES }, (_, row) => {
    let best = 0;
    for (let c = 1; c < NUM_CLASSES; c++) {
      if (scores[row * NUM_CLASSES + c] > scores[row * NUM_CLASSES + best]) best = c;
    }
    return best;
  });
}

function maxAbsDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}

describe.each<[string, LeNet5Options, string[]]>([
  [
    'tanh, average pooling and dropout',
    { activation: 'tanh', pooling: 'avg', dropout: 0.3 },
    ['Conv', 'Tanh', 'AveragePool', 'Conv', 'Tanh', 'AveragePool', 'Flatten'],
  ],
  [
    'tanh with BatchNorm and max pooling',
    { activation: 'tanh', batchNorm: true },
    ['Conv', 'BatchNormalization', 'Tanh', 'MaxPool'],
  ],
  ['a lighter width (4, 8, 60, 42)', { width: { conv1: 4, conv2: 8, fc1: 60, fc2: 42 } }, []],
  [
    'a wider width (12, 32, 240, 168) with average pooling',
    { width: { conv1: 12, conv2: 32, fc1: 240, fc2: 168 }, pooling: 'avg' },
    ['Conv', 'Relu', 'AveragePool'],
  ],
])('The ONNX export of a LeNet-5 with %s', (label, options, expectedOps) => {
  let model: tfl.Sequential;
  let bytes: Uint8Array;
  let expected: Float32Array;
  let actual: Float32Array;

  beforeAll(async () => {
    model = createLeNet5({ ...options, seed: 11 });
    await trainBriefly(model);
    const output = tf.tidy(
      () => model.predict(tf.tensor4d(testImages, [TEST_IMAGES, 28, 28, 1])) as tf.Tensor,
    );
    expected = (await output.data()) as Float32Array;
    output.dispose();
    bytes = await exportLeNet5ToOnnx(model);
    const session = await ort.InferenceSession.create(bytes);
    try {
      const result = await session.run({
        image: new ort.Tensor('float32', testImages.slice(0, TEST_IMAGES * PIXELS_PER_IMAGE), [
          TEST_IMAGES,
          28,
          28,
          1,
        ]),
      });
      actual = result.logits.data as Float32Array;
    } finally {
      await session.release();
    }
  });

  afterAll(() => model.dispose());

  it('has the layers asked for, and no node for dropout', () => {
    const onnx = decodeOnnxModel(bytes);
    const ops = (onnx.graph?.node ?? []).map((n) => n.op_type);
    expect(ops.join(' ')).toContain(expectedOps.join(' '));
    expect(ops).not.toContain('Dropout');
    const metadata = Object.fromEntries((onnx.metadata_props ?? []).map((e) => [e.key, e.value]));
    const width = options.width ?? { conv1: 6, conv2: 16, fc1: 120, fc2: 84 };
    expect(metadata).toMatchObject({
      activation: options.activation ?? 'relu',
      pooling: options.pooling ?? 'max',
      width: [width.conv1, width.conv2, width.fc1, width.fc2].join(','),
    });
  });

  it('predicts the digit tfjs predicts for every test image, logits within 1e-4', () => {
    const agreeing = argMaxes(actual).filter((digit, i) => digit === argMaxes(expected)[i]);
    const difference = maxAbsDifference(actual, expected);
    process.stdout.write(
      `[${label}] argmax agreement ${agreeing.length}/${TEST_IMAGES}, ` +
        `max |logit difference| ${difference.toExponential(2)}\n`,
    );
    expect(agreeing).toHaveLength(TEST_IMAGES);
    expect(difference).toBeLessThan(LOGIT_TOLERANCE);
  });
});
