import * as tf from '@tensorflow/tfjs-core';
import {
  BATCH_NORM_TRAINING,
  BATCH_NORM_TRAINING_GRAD,
  type BackendInfo,
} from '@lenet-lab/training';
import { randomInput, relativeError, RELATIVE_TOLERANCE } from '../kernels/kernel-harness';
import { initWebgpuWithCpuReference, runKernel } from './webgpu-harness';

// SwiftShader computes in IEEE float32 like the cpu backend; only the order of the additions
// differs, so each kernel is held to the same relative tolerance as the wasm kernels.
let backendInfo: BackendInfo;
beforeAll(async () => {
  backendInfo = await initWebgpuWithCpuReference();
});

it('runs on SwiftShader, recorded as software, not as a GPU', () => {
  expect(backendInfo.backend).toBe('webgpu');
  expect(backendInfo.device).toMatch(
    /^software \(SwiftShader Device \(Subzero\), Vulkan; google swiftshader/,
  );
  expect(tf.getBackend()).toBe('webgpu');
});

async function expectSameOnBothBackends(
  kernelName: string,
  inputs: Parameters<typeof runKernel>[2],
  attrs: object,
): Promise<void> {
  const expected = await runKernel('cpu', kernelName, inputs, attrs);
  const actual = await runKernel('webgpu', kernelName, inputs, attrs);
  expect(actual.map((o) => o.shape)).toEqual(expected.map((o) => o.shape));
  actual.forEach((output, i) =>
    expect(relativeError(output.values, expected[i].values)).toBeLessThan(RELATIVE_TOLERANCE),
  );
}

const VALID = { strides: 1, pad: 'valid', dataFormat: 'NHWC', dilations: 1 } as const;

describe('LeNet-5’s convolutions on webgpu', () => {
  it.each([
    ['conv1 with bias', [10, 28, 28, 1], [5, 5, 1, 6], 'linear'],
    ['conv2 with bias and ReLU', [10, 12, 12, 6], [5, 5, 6, 16], 'relu'],
  ] as const)(
    'FusedConv2D matches the cpu backend: %s',
    async (_name, xShape, wShape, activation) => {
      await expectSameOnBothBackends(
        tf.FusedConv2D,
        {
          x: randomInput([...xShape], 1),
          filter: randomInput([...wShape], 2),
          bias: randomInput([wShape[3]], 3),
        },
        { ...VALID, activation },
      );
    },
  );

  it('Conv2D without a bias matches the cpu backend', async () => {
    await expectSameOnBothBackends(
      tf.Conv2D,
      { x: randomInput([3, 12, 12, 6], 4), filter: randomInput([5, 5, 6, 16], 5) },
      VALID,
    );
  });

  it('a convolution ours does not take (padding, stride 2) still runs, on tfjs’s kernel', async () => {
    await expectSameOnBothBackends(
      tf.Conv2D,
      { x: randomInput([2, 9, 9, 3], 6), filter: randomInput([3, 3, 3, 4], 7) },
      { ...VALID, strides: 2, pad: 'same' },
    );
  });

  it('Conv2DBackpropInput matches the cpu backend on conv2’s shapes', async () => {
    await expectSameOnBothBackends(
      tf.Conv2DBackpropInput,
      { dy: randomInput([10, 8, 8, 16], 8), filter: randomInput([5, 5, 6, 16], 9) },
      { ...VALID, inputShape: [10, 12, 12, 6] },
    );
  });

  it.each([
    // 10 images: the last group of partial sums holds 2, not 4.
    ['conv1', [10, 28, 28, 1], [10, 24, 24, 6], [5, 5, 1, 6]],
    ['conv2', [10, 12, 12, 6], [10, 8, 8, 16], [5, 5, 6, 16]],
  ] as const)(
    'Conv2DBackpropFilter matches the cpu backend: %s',
    async (_n, x, dy, filterShape) => {
      await expectSameOnBothBackends(
        tf.Conv2DBackpropFilter,
        { x: randomInput([...x], 10), dy: randomInput([...dy], 11) },
        { ...VALID, filterShape: [...filterShape] },
      );
    },
  );
});

describe('LeNet-5’s dense products on webgpu', () => {
  it.each([
    [false, false, [64, 256], [256, 120]],
    [true, false, [64, 256], [64, 120]],
    [false, true, [64, 120], [256, 120]],
    [true, true, [84, 64], [120, 84]],
  ] as const)(
    'BatchMatMul (transposeA %s, transposeB %s) matches the cpu backend',
    async (transposeA, transposeB, a, b) => {
      await expectSameOnBothBackends(
        tf.BatchMatMul,
        { a: randomInput([1, ...a], 12), b: randomInput([1, ...b], 13) },
        { transposeA, transposeB },
      );
    },
  );

  it('_FusedMatMul with a bias and ReLU matches the cpu backend', async () => {
    await expectSameOnBothBackends(
      tf._FusedMatMul,
      {
        a: randomInput([1, 64, 120], 14),
        b: randomInput([1, 120, 84], 15),
        bias: randomInput([84], 16),
      },
      { transposeA: false, transposeB: false, activation: 'relu' },
    );
  });
});

describe('the BatchNorm training kernels on webgpu', () => {
  const EPSILON = 1e-5;

  /** tfjs's own composite on the cpu backend: moments, batchNorm and their gradients. */
  function cpuReference(x: tf.Tensor4D, gamma: tf.Tensor1D, beta: tf.Tensor1D, dy: tf.Tensor4D) {
    return tf.tidy(() => {
      const { mean, variance } = tf.moments(x, [0, 1, 2]);
      const forward = (xi: tf.Tensor4D, g: tf.Tensor1D, b: tf.Tensor1D) => {
        const m = tf.moments(xi, [0, 1, 2]);
        return tf.batchNorm(xi, m.mean, m.variance, b, g, EPSILON);
      };
      const y = forward(x, gamma, beta);
      const [dx, dGamma, dBeta] = tf.grads((xi, g, b) =>
        tf.sum(tf.mul(forward(xi as tf.Tensor4D, g as tf.Tensor1D, b as tf.Tensor1D), dy)),
      )([x, gamma, beta]);
      return [y, mean, variance, dx, dGamma, dBeta].map((t) => t.dataSync() as Float32Array);
    });
  }

  it.each([
    ['bn1 at batch 10', [10, 24, 24, 6]],
    ['bn2 at batch 3', [3, 8, 8, 16]],
    ['bn1 at batch 1', [1, 24, 24, 6]],
  ] as const)('give tfjs’s values and gradients: %s', async (_name, shape) => {
    const channels = shape[3];
    const x = randomInput([...shape], 17, -2, 3);
    const gamma = randomInput([channels], 18, 0.5, 1.5);
    const beta = randomInput([channels], 19);
    const dy = randomInput([...shape], 20);
    tf.setBackend('cpu');
    const [y, mean, variance, dx, dGamma, dBeta] = cpuReference(
      tf.tensor4d(x.values, [...shape]),
      tf.tensor1d(gamma.values),
      tf.tensor1d(beta.values),
      tf.tensor4d(dy.values, [...shape]),
    );
    tf.setBackend('webgpu');
    const attrs = { epsilon: EPSILON };
    const forward = await runKernel('webgpu', BATCH_NORM_TRAINING, { x, gamma, beta }, attrs);
    const [meanOut, varianceOut] = [forward[1].values, forward[2].values];
    const backward = await runKernel(
      'webgpu',
      BATCH_NORM_TRAINING_GRAD,
      {
        dy,
        x,
        gamma,
        mean: { values: meanOut, shape: [channels] },
        variance: { values: varianceOut, shape: [channels] },
      },
      attrs,
    );
    const pairs: [Float32Array, Float32Array][] = [
      [forward[0].values, y],
      [meanOut, mean],
      [varianceOut, variance],
      [backward[0].values, dx],
      [backward[1].values, dGamma],
      [backward[2].values, dBeta],
    ];
    for (const [actual, expected] of pairs) {
      expect(relativeError(actual, expected)).toBeLessThan(RELATIVE_TOLERANCE);
    }
  });
});
