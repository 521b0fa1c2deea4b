import { BatchMatMul } from '@tensorflow/tfjs-core';
import {
  initWasmWithCpuReference,
  randomInput,
  relativeError,
  RELATIVE_TOLERANCE,
  runCpu,
  runWasm,
} from './kernel-harness';

beforeAll(initWasmWithCpuReference);

describe('wasm BatchMatMul with transposed operands', () => {
  it.each([
    ['fc1 input gradient dy·Wᵀ', [64, 120], [256, 120], false, true],
    ['fc1 weight gradient xᵀ·dy', [64, 256], [64, 120], true, false],
    ['fc2 weight gradient on the last partial batch', [32, 120], [32, 84], true, false],
    ['both transposed', [7, 5], [3, 7], true, true],
    ['a batch of 1 as rank 3 (fc3 logits gradient)', [1, 64, 10], [1, 84, 10], false, true],
    ['untransposed (the stock kernel)', [64, 256], [256, 120], false, false],
    ['batched (the stock kernel)', [2, 4, 5], [2, 6, 5], false, true],
  ] as [string, number[], number[], boolean, boolean][])(
    'matches the cpu kernel for %s',
    (_name, aShape, bShape, transposeA, transposeB) => {
      const inputs = { a: randomInput(aShape, 1), b: randomInput(bShape, 2) };
      const attrs = { transposeA, transposeB };

      const expected = runCpu(BatchMatMul, inputs, attrs);
      const actual = runWasm(BatchMatMul, inputs, attrs);

      expect(actual.shape).toEqual(expected.shape);
      expect(relativeError(actual.values, expected.values)).toBeLessThan(RELATIVE_TOLERANCE);
    },
  );
});
