import * as tf from '@tensorflow/tfjs-core';
import { _FusedMatMul } from '@tensorflow/tfjs-core';
import {
  initWasmWithCpuReference,
  randomInput,
  relativeError,
  RELATIVE_TOLERANCE,
  runCpu,
  runWasm,
  simdKernelsCalledBy,
  type KernelInput,
} from './kernel-harness';

beforeAll(initWasmWithCpuReference);

function runBoth(inputs: Record<string, KernelInput>, attrs: object) {
  const expected = runCpu(_FusedMatMul, inputs, attrs);
  let actual: ReturnType<typeof runWasm> | undefined;
  const called = simdKernelsCalledBy(() => {
    actual = runWasm(_FusedMatMul, inputs, attrs);
  });
  expect(actual!.shape).toEqual(expected.shape);
  expect(relativeError(actual!.values, expected.values)).toBeLessThan(RELATIVE_TOLERANCE);
  return called;
}

describe('wasm _FusedMatMul', () => {
  it.each([
    ['fc3 forward, batch 64', 64, 84, 10, 'linear'],
    ['fc3 forward, last partial batch', 32, 84, 10, 'linear'],
    ['fc3 forward, one image', 1, 84, 10, 'linear'],
    ['fc3 forward, evaluation batch', 1000, 84, 10, 'linear'],
    ['fc1 forward in inference (ReLU)', 64, 256, 120, 'relu'],
    ['fc2 forward for one image (ReLU)', 1, 120, 84, 'relu'],
  ])(
    '%s runs on the SIMD kernel and matches the cpu kernel',
    (_name, rows, depth, cols, activation) => {
      const inputs = {
        a: randomInput([1, rows, depth], 1),
        b: randomInput([1, depth, cols], 2),
        bias: randomInput([cols], 3),
      };
      const attrs = { transposeA: false, transposeB: false, activation };
      expect(runBoth(inputs, attrs)).toEqual(['denseMatMul']);
    },
  );

  it('runs without a bias, with both operands transposed', () => {
    const inputs = { a: randomInput([1, 9, 7], 4), b: randomInput([1, 6, 9], 5) };
    const attrs = { transposeA: true, transposeB: true, activation: 'relu' };
    expect(runBoth(inputs, attrs)).toEqual(['transposeMatrix', 'denseMatMul']);
  });

  it.each([
    ['an activation the kernel lacks', { activation: 'relu6' }],
    ['fewer than 4 columns', { cols: 3 }],
  ])('falls back to the stock kernel for %s', (_name, change) => {
    const { activation, cols } = { activation: 'linear', cols: 10, ...change };
    const inputs = {
      a: randomInput([1, 8, 12], 6),
      b: randomInput([1, 12, cols], 7),
      bias: randomInput([cols], 8),
    };
    const attrs = { transposeA: false, transposeB: false, activation };
    expect(runBoth(inputs, attrs)).toEqual([]);
  });

  it('drives tf.fused.matMul and its gradient on wasm', () => {
    const x = tf.tensor2d(randomInput([5, 6], 9).values, [5, 6]);
    const w = tf.tensor2d(randomInput([6, 4], 10).values, [6, 4]);
    const bias = tf.tensor1d(randomInput([4], 11).values);
    const loss = (weights: tf.Tensor) =>
      tf.sum(tf.fused.matMul({ a: x, b: weights as tf.Tensor2D, bias }));
    const gradient = tf.grad(loss)(w);
    // d/dW of Σ x·W = xᵀ·1: each row of dW is the column sum of x, the same for every unit.
    const columnSums = tf.sum(x, 0).arraySync() as number[];
    const rows = gradient.arraySync() as number[][];
    rows.forEach((row, i) => row.forEach((v) => expect(v).toBeCloseTo(columnSums[i], 4)));
    tf.dispose([x, w, bias, gradient]);
  });
});
