import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { createFusedBatchNormalization } from '@lenet-lab/training';
import * as simd from '@lenet-lab/training/kernels/wasm-simd-kernels';
import {
  initWasmWithCpuReference,
  randomInput,
  relativeError,
  simdKernelsCalledBy,
  type KernelInput,
} from './kernel-harness';

beforeAll(initWasmWithCpuReference);

/**
 * Relative deviation below 5e-7 (expect.closeTo's 6 digits): the fused kernels sum in double,
 * the stock layer in float32; the worst measured is 2e-7 (dx).
 */
const TOLERANCE_DIGITS = 6;

const LAYER_ARGS = { axis: -1, momentum: 0.9, epsilon: 1e-5, name: 'bn' };

interface TrainingPass {
  output: Float32Array;
  /** Gradients of Σ output ⊙ weights with respect to x, γ and β. */
  dx: Float32Array;
  dGamma: Float32Array;
  dBeta: Float32Array;
  movingMean: Float32Array;
  movingVariance: Float32Array;
}

/** One training-mode call of `layer` (γ, β and moving statistics set to non-defaults first). */
function trainingPass(layer: tfl.layers.Layer, x: KernelInput, weights: KernelInput): TrainingPass {
  return tf.tidy(() => {
    const channels = x.shape[x.shape.length - 1];
    layer.build(x.shape);
    layer.setWeights([
      tf.tensor1d(randomInput([channels], 11, 0.5, 1.5).values),
      tf.tensor1d(randomInput([channels], 12, -0.5, 0.5).values),
      tf.tensor1d(randomInput([channels], 13, -0.2, 0.2).values),
      tf.tensor1d(randomInput([channels], 14, 0.5, 2).values),
    ]);
    const input = tf.variable(tf.tensor(x.values, x.shape), true, `x${Math.random()}`);
    const [gamma, beta] = layer.trainableWeights.map((w) => w.read() as tf.Variable);
    const w = tf.tensor(weights.values, weights.shape);
    let output: Float32Array = new Float32Array();
    const { grads } = tf.variableGrads(() => {
      const y = layer.apply(input, { training: true }) as tf.Tensor;
      output = y.dataSync() as Float32Array;
      return tf.sum(tf.mul(y, w)) as tf.Scalar;
    }, [input, gamma, beta]);
    const [, , movingMean, movingVariance] = layer.getWeights();
    const result = {
      output,
      dx: grads[input.name].dataSync() as Float32Array,
      dGamma: grads[gamma.name].dataSync() as Float32Array,
      dBeta: grads[beta.name].dataSync() as Float32Array,
      movingMean: movingMean.dataSync() as Float32Array,
      movingVariance: movingVariance.dataSync() as Float32Array,
    };
    input.dispose();
    return result;
  });
}

/** A layer called outside a model cannot be disposed (tfjs counts model uses); its weights can. */
function disposeWeights(layer: tfl.layers.Layer): void {
  for (const weight of layer.weights) weight.dispose();
}

async function passOn(
  backend: 'cpu' | 'wasm',
  layer: () => tfl.layers.Layer,
  shape: number[],
): Promise<TrainingPass> {
  await tf.setBackend(backend);
  // Activations around a non-zero mean, as a convolution's output is.
  const x = randomInput(shape, 1, -1, 3);
  const weights = randomInput(shape, 2);
  const created = layer();
  try {
    return trainingPass(created, x, weights);
  } finally {
    disposeWeights(created);
  }
}

describe('createFusedBatchNormalization', () => {
  afterAll(() => tf.setBackend('wasm'));

  const SHAPES: [string, number[]][] = [
    ['bn1 of LeNet-5, batch 64', [64, 24, 24, 6]],
    ['bn2 of LeNet-5, batch 64', [64, 8, 8, 16]],
    ['bn1 on the last partial batch', [32, 24, 24, 6]],
    // Batch 1 normalises over one image's positions, as PyTorch's BatchNorm2d does.
    ['bn1 at batch 1', [1, 24, 24, 6]],
    ['bn2 at batch 1', [1, 8, 8, 16]],
    ['6 channels not filling the last 12-value period', [3, 5, 5, 6]],
    ['a dense layer’s [batch, features]', [5, 7]],
  ];

  /** Both of the kernels' implementations: lenet-kernels.wasm, and the JavaScript fallback. */
  describe.each([
    ['wasm SIMD passes', true],
    ['JavaScript loops (no SIMD module)', false],
  ])('%s', (_path, withSimd) => {
    beforeEach(() => {
      if (!withSimd) jest.spyOn(simd, 'lenetSimdKernels').mockReturnValue(null);
    });
    afterEach(() => jest.restoreAllMocks());

    it.each(SHAPES)(
      'on wasm matches the stock layer on cpu: output, gradients and moving statistics, %s',
      async (_name, shape) => {
        const expected = await passOn(
          'cpu',
          () => tfl.layers.batchNormalization(LAYER_ARGS),
          shape,
        );
        const actual = await passOn('wasm', () => createFusedBatchNormalization(LAYER_ARGS), shape);
        const keys = Object.keys(expected) as (keyof TrainingPass)[];
        const errors = Object.fromEntries(
          keys.map((key) => [key, relativeError(actual[key], expected[key])]),
        );
        if (process.env.PRINT_ERRORS) console.log(shape, errors);
        // The fallback was asked for the module and told there is none.
        if (!withSimd) expect(simd.lenetSimdKernels).toHaveReturnedWith(null);
        // One object, so a failure names the quantity that deviates.
        expect(errors).toEqual(
          Object.fromEntries(keys.map((key) => [key, expect.closeTo(0, TOLERANCE_DIGITS)])),
        );
      },
    );
  });

  it('takes the SIMD passes on wasm: four kernels per training step', async () => {
    await tf.setBackend('wasm');
    const layer = createFusedBatchNormalization(LAYER_ARGS);
    const x = randomInput([4, 6, 6, 6], 3);
    const called = simdKernelsCalledBy(() => trainingPass(layer, x, randomInput(x.shape, 4)));
    expect(called).toEqual([
      'batchNormMomentSums',
      'batchNormScaleShift',
      'batchNormGradientSums',
      'batchNormInputGradient',
    ]);
    disposeWeights(layer);
  });

  it('runs its two kernels instead of tfjs’s op-by-op gradient', async () => {
    await tf.setBackend('wasm');
    const layer = createFusedBatchNormalization(LAYER_ARGS);
    const x = randomInput([4, 3, 3, 6], 3);
    const profile = await tf.profile(() => {
      trainingPass(layer, x, randomInput(x.shape, 4));
    });
    const kernels = profile.kernels.map((k) => k.name);
    expect(kernels).toEqual(
      expect.arrayContaining(['LenetLabBatchNormTraining', 'LenetLabBatchNormTrainingGrad']),
    );
    expect(kernels).not.toContain('FusedBatchNorm');
    disposeWeights(layer);
  });

  it('in inference runs the stock layer’s code, bit for bit', async () => {
    await tf.setBackend('wasm');
    const x = randomInput([8, 5, 5, 6], 5);
    const infer = (layer: tfl.layers.Layer) =>
      tf.tidy(() => {
        layer.build(x.shape);
        layer.setWeights(layer.getWeights().map((w, i) => tf.add(w, 0.1 * (i + 1))));
        const y = layer.apply(tf.tensor(x.values, x.shape), { training: false }) as tf.Tensor;
        return y.dataSync();
      });
    expect(infer(createFusedBatchNormalization(LAYER_ARGS))).toEqual(
      infer(tfl.layers.batchNormalization(LAYER_ARGS)),
    );
  });

  it('serialises as the stock BatchNormalization, with the same weights', () => {
    const ours = createFusedBatchNormalization(LAYER_ARGS);
    const stock = tfl.layers.batchNormalization(LAYER_ARGS);
    ours.build([2, 6]);
    stock.build([2, 6]);
    expect(ours.getClassName()).toBe('BatchNormalization');
    expect(ours.getConfig()).toEqual(stock.getConfig());
    expect(ours.weights.map((w) => [w.originalName, w.trainable])).toEqual(
      stock.weights.map((w) => [w.originalName, w.trainable]),
    );
  });
});
