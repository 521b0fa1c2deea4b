import * as tf from '@tensorflow/tfjs-core';
import { SeededRandom } from '@lenet-lab/training';
import { registerWasmTrainingKernels } from '@lenet-lab/training/kernels';
import { RELU_GRAD } from '@lenet-lab/training/kernels/wasm-relu-gradient';
import * as simd from '@lenet-lab/training/kernels/wasm-simd-kernels';
import { initWasmWithCpuReference, simdKernelsCalledBy } from './kernel-harness';

beforeAll(initWasmWithCpuReference);

/** Bit patterns the mask and the product must treat as the stock kernels do. */
const SPECIAL_BITS = [
  0x00000000, // 0
  0x80000000, // −0
  0x7fc00000, // NaN
  0xffc00000, // −NaN
  0x7f800001, // a signalling NaN
  0x7fc12345, // a quiet NaN with a payload
  0x7f800000, // Infinity
  0xff800000, // −Infinity
  0x00000001, // the smallest subnormal
  0x80000001, // and its negative
];

/** Uniform values in (−2, 2) with one in `every` replaced by a special value. */
function valuesWithSpecials(size: number, seed: number, every: number): Float32Array {
  const random = new SeededRandom(seed);
  const values = Float32Array.from({ length: size }, () => random.uniform(-2, 2));
  const bits = new Uint32Array(values.buffer);
  for (let i = random.int(every); i < size; i += 1 + random.int(every)) {
    bits[i] = SPECIAL_BITS[random.int(SPECIAL_BITS.length)];
  }
  return values;
}

const bitsOf = (t: tf.Tensor) => new Uint32Array((t.dataSync() as Float32Array).slice().buffer);

/** tfjs-core's Relu gradient, as Relu_grad.js writes it. */
const stockFormula = (dy: tf.Tensor, x: tf.Tensor) => tf.mul(dy, tf.cast(tf.step(x), 'float32'));

const reluGradient = (x: tf.Tensor, dy: tf.Tensor) => tf.grad((t: tf.Tensor) => tf.relu(t))(x, dy);

function inputs(shape: number[], seed: number) {
  const size = shape.reduce((a, b) => a * b, 1);
  return {
    x: tf.tensor(valuesWithSpecials(size, seed, 5), shape),
    dy: tf.tensor(valuesWithSpecials(size, seed + 1, 7), shape),
  };
}

const LENET_RELU_SHAPES: [string, number[]][] = [
  ['conv1 at batch 64', [64, 24, 24, 6]],
  ['conv2 at batch 64', [64, 8, 8, 16]],
  ['fc1 at batch 64', [64, 120]],
  ['fc2 at batch 64', [64, 84]],
  ['conv1 at batch 32', [32, 24, 24, 6]],
  ['conv2 at batch 32', [32, 8, 8, 16]],
  ['fc1 at batch 32', [32, 120]],
  ['fc2 at batch 32', [32, 84]],
  ['a length not a multiple of 4', [3, 5, 7]],
  ['fewer than 4 values', [3]],
];

describe('the Relu gradient on wasm', () => {
  it.each(LENET_RELU_SHAPES)(
    'equals the stock formula bit for bit for %s, on the SIMD kernel',
    (_name, shape) => {
      tf.tidy(() => {
        const { x, dy } = inputs(shape, shape.length * 100 + shape[0]);
        let actual: Uint32Array | undefined;
        const called = simdKernelsCalledBy(() => {
          actual = bitsOf(reluGradient(x, dy));
        });
        expect(called).toEqual(['reluGradient']);
        expect(actual).toEqual(bitsOf(stockFormula(dy, x)));
      });
    },
  );

  it('keeps NaN payloads and signs, and −0 for negative dy, as the stock kernels do', () => {
    tf.tidy(() => {
      const xBits = Uint32Array.from(SPECIAL_BITS.flatMap((b) => SPECIAL_BITS.map(() => b)));
      const dyBits = Uint32Array.from(SPECIAL_BITS.flatMap(() => SPECIAL_BITS));
      const x = tf.tensor1d(new Float32Array(xBits.buffer));
      const dy = tf.tensor1d(new Float32Array(dyBits.buffer));
      expect(bitsOf(x)).toEqual(xBits);
      expect(bitsOf(reluGradient(x, dy))).toEqual(bitsOf(stockFormula(dy, x)));
      // One value at a time: the kernel's scalar loop for lengths not a multiple of 4.
      for (let i = 0; i < xBits.length; i++) {
        const [xi, dyi] = [tf.slice(x, i, 1), tf.slice(dy, i, 1)];
        expect(bitsOf(reluGradient(xi, dyi))).toEqual(bitsOf(stockFormula(dyi, xi)));
      }
    });
  });

  it('runs our kernel instead of Step, Cast and Multiply', async () => {
    const { x, dy } = inputs([64, 24, 24, 6], 1);
    const { kernels } = await tf.profile(() => reluGradient(x, dy));
    const names = kernels.map((k) => k.name);
    expect(names).toContain(RELU_GRAD);
    expect(names).not.toContain('Step');
    expect(names).not.toContain('Cast');
    expect(names).not.toContain('Multiply');
    tf.dispose([x, dy]);
  });

  it('falls back to the stock gradient where lenet-kernels.wasm cannot run', async () => {
    const { x, dy } = inputs([4, 9], 2);
    const spy = jest.spyOn(simd, 'lenetSimdKernels').mockReturnValue(null);
    try {
      const { kernels } = await tf.profile(() => reluGradient(x, dy));
      expect(kernels.map((k) => k.name)).toEqual(expect.arrayContaining(['Step', 'Multiply']));
      expect(kernels.map((k) => k.name)).not.toContain(RELU_GRAD);
    } finally {
      spy.mockRestore();
    }
    tf.dispose([x, dy]);
  });

  it('has a gradient of its own, as the stock formula has', () => {
    tf.tidy(() => {
      const { x, dy } = inputs([5, 6], 3);
      const ddx = tf.tensor(valuesWithSpecials(30, 4, 9), [5, 6]);
      const secondOrder = tf.grad((d: tf.Tensor) => reluGradient(x, d))(dy, ddx);
      expect(bitsOf(secondOrder)).toEqual(bitsOf(stockFormula(ddx, x)));
    });
  });

  it('stays installed once when the kernels are registered again', () => {
    const gradient = tf.getGradient(tf.Relu);
    registerWasmTrainingKernels();
    expect(tf.getGradient(tf.Relu)).toBe(gradient);
    const { x, dy } = inputs([2, 8], 5);
    expect(simdKernelsCalledBy(() => tf.tidy(() => reluGradient(x, dy).dataSync()))).toEqual([
      'reluGradient',
    ]);
    tf.dispose([x, dy]);
  });
});

describe('the Relu gradient on cpu', () => {
  beforeAll(() => tf.setBackend('cpu'));
  afterAll(() => tf.setBackend('wasm'));

  it('is still the stock formula, with Step and Multiply', async () => {
    const { x, dy } = inputs([64, 8, 8, 16], 6);
    const { kernels } = await tf.profile(() => reluGradient(x, dy));
    const names = kernels.map((k) => k.name);
    expect(names).toEqual(expect.arrayContaining(['Step', 'Cast', 'Multiply']));
    expect(names).not.toContain(RELU_GRAD);
    tf.tidy(() => expect(bitsOf(reluGradient(x, dy))).toEqual(bitsOf(stockFormula(dy, x))));
    tf.dispose([x, dy]);
  });
});
