import { BatchMatMul } from '@tensorflow/tfjs-core';
import {
  initWasmWithCpuReference,
  randomInput,
  relativeError,
  RELATIVE_TOLERANCE,
  runCpu,
  runWasm,
  simdKernelsCalledBy,
} from './kernel-harness';

beforeAll(initWasmWithCpuReference);

type Case = [string, number[], number[], boolean, boolean];

/** A dense layer's three products at `batch` rows: forward x·W, dx = dy·Wᵀ, dW = xᵀ·dy. */
const denseLayer = (name: string, batch: number, units: number, inputs: number): Case[] => [
  [`${name} forward, batch ${batch}`, [batch, inputs], [inputs, units], false, false],
  [`${name} input gradient, batch ${batch}`, [batch, units], [inputs, units], false, true],
  [`${name} weight gradient, batch ${batch}`, [batch, inputs], [batch, units], true, false],
];

function expectMatchesCpu(
  aShape: number[],
  bShape: number[],
  transposeA: boolean,
  transposeB: boolean,
): string[] {
  const inputs = { a: randomInput(aShape, 1), b: randomInput(bShape, 2) };
  const attrs = { transposeA, transposeB };

  const expected = runCpu(BatchMatMul, inputs, attrs);
  let actual: ReturnType<typeof runWasm> | undefined;
  const called = simdKernelsCalledBy(() => {
    actual = runWasm(BatchMatMul, inputs, attrs);
  });

  expect(actual!.shape).toEqual(expected.shape);
  expect(relativeError(actual!.values, expected.values)).toBeLessThan(RELATIVE_TOLERANCE);
  return called;
}

describe('wasm BatchMatMul', () => {
  describe.each([64, 32, 1, 1000])('LeNet-5 dense layers at batch %i', (batch) => {
    it.each([
      ...denseLayer('fc1', batch, 120, 256),
      ...denseLayer('fc2', batch, 84, 120),
      [`fc3 input gradient (rank 3)`, [1, batch, 10], [1, 84, 10], false, true],
      [`fc3 weight gradient (rank 3)`, [1, batch, 84], [1, batch, 10], true, false],
    ] as Case[])('%s runs on the SIMD kernel and matches the cpu kernel', (...testCase) => {
      const [, aShape, bShape, transposeA, transposeB] = testCase;
      const expected = transposeB ? ['transposeMatrix', 'denseMatMul'] : ['denseMatMul'];
      expect(expectMatchesCpu(aShape, bShape, transposeA, transposeB)).toEqual(expected);
    });
  });

  it.each([
    ['both transposed', [7, 5], [6, 7], true, true],
    ['an odd number of rows', [5, 9], [9, 20], false, false],
    ['columns past a multiple of 4 (overlapping last vector)', [6, 9], [9, 10], false, false],
    ['exactly 4 columns', [3, 9], [9, 4], false, false],
    ['columns past a wide block of 16', [4, 3], [3, 23], false, false],
    ['a depth of 1', [5, 1], [1, 12], false, false],
    ['a depth of 1, transposed a', [1, 5], [1, 12], true, false],
    ['a transposed b that is not a multiple of 4 either way', [3, 7], [6, 7], false, true],
    ['a single row and column vector (one-image predict)', [1, 256], [256, 120], false, false],
  ] as Case[])('matches the cpu kernel on the SIMD kernel for %s', (...testCase) => {
    const [, aShape, bShape, transposeA, transposeB] = testCase;
    const called = expectMatchesCpu(aShape, bShape, transposeA, transposeB);
    expect(called).toContain('denseMatMul');
  });

  it.each([
    ['fewer than 4 columns, transposed', [7, 5], [3, 7], true, true],
    ['fewer than 4 columns', [64, 84], [84, 3], false, false],
    ['batched', [2, 4, 5], [2, 6, 5], false, true],
    ['batched, untransposed', [2, 4, 5], [2, 5, 6], false, false],
    ['a broadcast batch', [3, 4, 5], [1, 5, 6], false, false],
  ] as Case[])('falls back and matches the cpu kernel for %s', (...testCase) => {
    const [, aShape, bShape, transposeA, transposeB] = testCase;
    expect(expectMatchesCpu(aShape, bShape, transposeA, transposeB)).toEqual([]);
  });
});
