import * as tf from '@tensorflow/tfjs-core';
import { loadMnist, type Dataset } from '@lenet-lab/mnist';
import {
  affineTransformInto,
  BatchBuilder,
  createLeNet5,
  SeededRandom,
  sampleAffineParams,
  trainEpoch,
  type ImageAugmenter,
} from '@lenet-lab/training';
import { maxAbs, relativeError, RELATIVE_TOLERANCE } from '../kernels/kernel-harness';
import { initWebgpuWithCpuReference } from './webgpu-harness';

const GRADIENT_SCALE_FLOOR = 1e-2;

/** What tfjs's WebGPUBackend keeps private and these tests watch. */
interface BackendInternals {
  pipelineCache: object;
  tensorMap: { get(id: object): { values: unknown; resource: unknown } | undefined };
  uploadToGPU(id: object): void;
  read(id: object): Promise<unknown>;
  readSync(id: object): unknown;
}
const SEED = 3;

let dataset: Dataset;

beforeAll(async () => {
  await initWebgpuWithCpuReference();
  dataset = await loadMnist({ trainLimit: 256, testLimit: 64 });
});

afterEach(() => tf.setBackend('webgpu'));

/** The seed's augmentation as the trainer draws it, from a fixed seed: the same each call. */
function seededAugmenter(): ImageAugmenter {
  const random = new SeededRandom(7);
  const options = { rotationDegrees: 10, translateFraction: 0.1, scaleMin: 0.95, scaleMax: 1.05 };
  return (source, sourceOffset, target, targetOffset) =>
    affineTransformInto(
      source,
      sourceOffset,
      target,
      targetOffset,
      sampleAffineParams(random, options),
    );
}

/** A batch of real digits, augmented, as the trainer builds it. */
function batchOf(count: number): { images: Float32Array; labels: Float32Array } {
  const builder = new BatchBuilder(count);
  builder.fill(dataset.train, null, 0, count, seededAugmenter());
  return { images: builder.images.slice(), labels: builder.oneHotLabels.slice() };
}

/** Reads tensors back (webgpu has no synchronous read in Node) and disposes of them. */
async function readAll(tensors: tf.Tensor[]): Promise<Float32Array[]> {
  const values = await Promise.all(tensors.map((t) => t.data() as Promise<Float32Array>));
  tf.dispose(tensors);
  return values;
}

/** The untrained network's weights, made on the cpu backend: both backends start from them. */
async function initialWeights(batchNorm: boolean): Promise<Float32Array[]> {
  tf.setBackend('cpu');
  const model = createLeNet5({ batchNorm, seed: SEED });
  const values = await readAll(model.getWeights().map((w) => tf.clone(w)));
  model.dispose();
  return values;
}

function modelOn(backend: 'cpu' | 'webgpu', batchNorm: boolean, weights: Float32Array[]) {
  tf.setBackend(backend);
  const model = createLeNet5({ batchNorm, seed: SEED });
  model.setWeights(model.getWeights().map((w, i) => tf.tensor(weights[i], w.shape)));
  return model;
}

/** Loss, every trainable variable's gradient, and the logits in inference mode. */
async function lenetStep(
  backend: 'cpu' | 'webgpu',
  batchNorm: boolean,
  weights: Float32Array[],
  batch: number,
) {
  const model = modelOn(backend, batchNorm, weights);
  const { images, labels } = batchOf(batch);
  try {
    const [loss, logits, ...grads] = tf.tidy(() => {
      const xs = tf.tensor4d(images, [batch, 28, 28, 1]);
      const ys = tf.tensor2d(labels, [batch, 10]);
      const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
      const { value, grads } = tf.variableGrads(
        () =>
          tf.losses.softmaxCrossEntropy(
            ys,
            model.apply(xs, { training: true }) as tf.Tensor,
          ) as tf.Scalar,
        variables,
      );
      const inference = model.apply(xs, { training: false }) as tf.Tensor;
      return [value, inference, ...variables.map((v) => grads[v.name])];
    });
    return { loss: (await loss.data())[0], ...(await readOutputs(logits, grads)) };
  } finally {
    model.dispose();
  }
}

async function readOutputs(logits: tf.Tensor, grads: tf.Tensor[]) {
  const [logitValues, ...gradValues] = await readAll([logits, ...grads]);
  return { logits: logitValues, grads: gradValues };
}

describe('LeNet-5 on webgpu against the cpu backend', () => {
  it.each([
    ['baseline, batch 32', false, 32],
    ['BatchNorm, a last partial batch of 12', true, 12],
  ] as [string, boolean, number][])(
    'gives the same loss, gradients and inference logits on augmented digits: %s',
    async (_name, batchNorm, batch) => {
      const weights = await initialWeights(batchNorm);
      const expected = await lenetStep('cpu', batchNorm, weights, batch);
      const actual = await lenetStep('webgpu', batchNorm, weights, batch);
      expect(actual.loss).toBeCloseTo(expected.loss, 5);
      expect(relativeError(actual.logits, expected.logits)).toBeLessThan(RELATIVE_TOLERANCE);
      // As on wasm: a convolution's bias under BatchNorm has an exact gradient of 0, so each
      // variable is held to its own scale, but never to less than a hundredth of the model's.
      const modelScale = Math.max(...expected.grads.map(maxAbs));
      expected.grads.forEach((gradient, i) => {
        const scale = Math.max(maxAbs(gradient), modelScale * GRADIENT_SCALE_FLOOR);
        expect(relativeError(actual.grads[i], gradient, scale)).toBeLessThan(RELATIVE_TOLERANCE);
      });
    },
  );

  it('runs LeNet-5’s convolutions, products and BatchNorm on our kernels, not tfjs’s', () => {
    const backend = tf.findBackend('webgpu') as unknown as BackendInternals;
    const shaders = Object.keys(backend.pipelineCache);
    for (const ours of [
      'lenetConv2D_28x28x1x5x5x6',
      'lenetConv2D_12x12x6x5x5x16',
      'lenetConv2DBackpropInput_12x12x6x5x5x16',
      'lenetConv2DBackpropFilterPartial_28x28x1x5x5x6',
      'lenetConv2DBackpropFilterPartial_12x12x6x5x5x16',
      'lenetMatMul_',
      'lenetBatchNormApply_6',
      'lenetBatchNormGradInput_16',
    ]) {
      expect(shaders.some((key) => key.includes(ours))).toBe(true);
    }
  });
});

describe('training epochs on webgpu', () => {
  const BATCH = 64;
  const BATCHES = 4;

  interface Traffic {
    reads: number;
    /** Sizes (floats) of the host arrays uploaded that are at least a batch of labels. */
    batchUploads: number[];
    pipelinesCompiled: number;
  }

  /** Counts device→host reads, batch-sized uploads and new pipelines until the returned stop. */
  function watchTraffic(): () => Traffic {
    const backend = tf.backend() as unknown as BackendInternals;
    const traffic: Traffic = { reads: 0, batchUploads: [], pipelinesCompiled: 0 };
    const pipelinesBefore = Object.keys(backend.pipelineCache).length;
    const { read, readSync, uploadToGPU } = backend;
    backend.read = (id) => (traffic.reads++, read.call(backend, id));
    backend.readSync = (id) => (traffic.reads++, readSync.call(backend, id));
    backend.uploadToGPU = (id) => {
      const data = backend.tensorMap.get(id);
      const values = data && !data.resource ? (data.values as Float32Array | null) : null;
      if (values && values.length >= BATCH * 10) traffic.batchUploads.push(values.length);
      uploadToGPU.call(backend, id);
    };
    return () => {
      // The instance's own properties shadowed the prototype's methods.
      for (const method of ['read', 'readSync', 'uploadToGPU'] as const) delete backend[method];
      traffic.pipelinesCompiled = Object.keys(backend.pipelineCache).length - pipelinesBefore;
      return traffic;
    };
  }

  /** Two epochs of LeNet-5 on 4 batches; the second is watched. */
  async function twoEpochs(batchNorm: boolean) {
    tf.setBackend('webgpu');
    const model = createLeNet5({ batchNorm, seed: SEED });
    const optimizer = tf.train.momentum(0.01, 0.9);
    const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
    const order = Int32Array.from({ length: BATCH * BATCHES }, (_, i) => i);
    const builder = new BatchBuilder(BATCH);
    const run = async (epochNumber: number) => {
      const result = await trainEpoch({
        model,
        optimizer,
        variables,
        train: dataset.train,
        order,
        builder,
        epoch: epochNumber,
        batchProgressInterval: 1000,
      });
      if (result.cancelled) throw new Error('not cancelled, yet cancelled');
      return result;
    };
    try {
      await run(1); // compiles every pipeline
      const stop = watchTraffic();
      const { loss, accuracy } = await run(2);
      const traffic = stop();
      const weights = await readAll(model.getWeights().map((w) => tf.clone(w)));
      return { loss, accuracy, traffic, weights };
    } finally {
      model.dispose();
      optimizer.dispose();
    }
  }

  it('read nothing back per batch, compile nothing after the first, upload each batch once', async () => {
    const { traffic } = await twoEpochs(true);
    // The epoch's loss and accuracy totals, once each, at its end.
    expect(traffic.reads).toBe(2);
    expect(traffic.pipelinesCompiled).toBe(0);
    // Each batch's images (64×784) and one-hot labels (64×10), and nothing else that large.
    expect(traffic.batchUploads).toEqual(
      Array.from({ length: BATCHES }, () => [BATCH * 784, BATCH * 10]).flat(),
    );
  });

  it('give the same numbers twice from the same seed', async () => {
    const first = await twoEpochs(false);
    const second = await twoEpochs(false);
    expect([second.loss, second.accuracy]).toEqual([first.loss, first.accuracy]);
    expect(second.weights).toEqual(first.weights);
  });
});
