import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { createInputConv2D, createLeNet5 } from '@lenet-lab/training';
import {
  initWasmWithCpuReference,
  maxAbs,
  randomInput,
  relativeError,
  RELATIVE_TOLERANCE,
} from './kernel-harness';

beforeAll(initWasmWithCpuReference);

const GRADIENT_SCALE_FLOOR = 1e-2;

/** Every trainable variable's gradient of the batch's mean cross-entropy, on `backend`. */
async function lenetGradients(
  backend: 'cpu' | 'wasm',
  batchNorm: boolean,
  weights: Float32Array[],
  batch: number,
): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  const model = createLeNet5({ batchNorm, seed: 3 });
  try {
    if (weights.length) {
      model.setWeights(model.getWeights().map((w, i) => tf.tensor(weights[i], w.shape)));
    }
    const images = randomInput([batch, 28, 28, 1], 4, -0.5, 2.8);
    const labels = Array.from({ length: batch }, (_, i) => (i * 7) % 10);
    return tf.tidy(() => {
      const xs = tf.tensor4d(images.values, images.shape as [number, number, number, number]);
      const ys = tf.oneHot(tf.tensor1d(labels, 'int32'), 10);
      const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
      const { grads } = tf.variableGrads(
        () =>
          tf.losses.softmaxCrossEntropy(
            ys,
            model.apply(xs, { training: true }) as tf.Tensor,
          ) as tf.Scalar,
        variables,
      );
      return variables.map((v) => grads[v.name].dataSync() as Float32Array);
    });
  } finally {
    model.dispose();
  }
}

async function weightsOf(batchNorm: boolean): Promise<Float32Array[]> {
  await tf.setBackend('cpu');
  const model = createLeNet5({ batchNorm, seed: 3 });
  const values = model.getWeights().map((w) => w.dataSync() as Float32Array);
  model.dispose();
  return values;
}

describe('LeNet-5 gradients on wasm with the fast kernels', () => {
  afterAll(() => tf.setBackend('wasm'));

  it.each([
    ['baseline, batch 64', false, 64],
    ['BatchNorm, last partial batch of 32', true, 32],
  ] as [string, boolean, number][])(
    'match the cpu backend for every variable: %s',
    async (_name, batchNorm, batch) => {
      const weights = await weightsOf(batchNorm);
      const expected = await lenetGradients('cpu', batchNorm, weights, batch);
      const actual = await lenetGradients('wasm', batchNorm, weights, batch);
      expect(actual).toHaveLength(expected.length);
      // A convolution's bias under BatchNorm has an exact gradient of 0 (BN subtracts the
      // mean), so both backends compute rounding noise of ~1e-8 (the stock kernels too): each
      // variable is held to its own scale, but never to less than a hundredth of the model's.
      const modelScale = Math.max(...expected.map(maxAbs));
      for (let i = 0; i < expected.length; i++) {
        const scale = Math.max(maxAbs(expected[i]), modelScale * GRADIENT_SCALE_FLOOR);
        expect(relativeError(actual[i], expected[i], scale)).toBeLessThan(RELATIVE_TOLERANCE);
      }
    },
  );
});

describe('createInputConv2D', () => {
  const args = {
    filters: 6,
    kernelSize: 5,
    inputShape: [28, 28, 1],
    kernelInitializer: tfl.initializers.glorotUniform({ seed: 1 }),
    biasInitializer: tfl.initializers.randomUniform({ minval: -0.2, maxval: 0.2, seed: 2 }),
  };

  function run(layer: tfl.layers.Layer, x: tf.Tensor4D) {
    return tf.tidy(() => {
      const model = tfl.sequential({ layers: [layer] });
      const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
      const { value, grads } = tf.variableGrads(
        () => tf.sum(tf.square(model.apply(x, { training: true }) as tf.Tensor)) as tf.Scalar,
        variables,
      );
      return [value, ...variables.map((v) => grads[v.name])].map((t) => t.dataSync());
    });
  }

  it('gives the stock Conv2D layer’s value and kernel and bias gradients, bit for bit', () => {
    const x = tf.tensor4d(randomInput([16, 28, 28, 1], 5).values, [16, 28, 28, 1]);
    const stock = run(tfl.layers.conv2d(args), x);
    const ours = run(createInputConv2D(args), x);
    expect(ours).toEqual(stock);
    x.dispose();
  });

  it('computes no input gradient (no Conv2DBackpropInput runs)', async () => {
    const layer = createInputConv2D(args);
    const model = tfl.sequential({ layers: [layer] });
    const x = tf.tensor4d(randomInput([4, 28, 28, 1], 6).values, [4, 28, 28, 1]);
    const profile = await tf.profile(() => {
      const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
      tf.dispose(
        tf.variableGrads(
          () => tf.sum(model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar,
          variables,
        ).grads,
      );
    });
    const kernels = profile.kernels.map((k) => k.name);
    expect(kernels).toContain('Conv2DBackpropFilter');
    expect(kernels).not.toContain('Conv2DBackpropInput');
    x.dispose();
    model.dispose();
  });

  it('serialises as a plain Conv2D', () => {
    const layer = createInputConv2D(args);
    expect(layer.getClassName()).toBe('Conv2D');
  });
});
