import { Sum } from '@tensorflow/tfjs-core';
import {
  initWasmWithCpuReference,
  randomInput,
  runStockWasm,
  runWasm,
  simdKernelsCalledBy,
} from './kernel-harness';

beforeAll(initWasmWithCpuReference);

describe('wasm Sum over leading axes', () => {
  it.each([
    ["conv1's bias gradient, batch 64", [64, 24, 24, 6], [0, 1, 2], false, true],
    ["conv2's bias gradient", [64, 8, 8, 16], [0, 1, 2], false, true],
    ["fc1's bias gradient", [64, 120], [0], false, true],
    ['5 channels, a negative axis', [3, 4, 5], [-3, 1], false, true],
    ['axes out of order (the stock kernel sums in that order)', [3, 4, 5], [1, 0], false, false],
    ['kept dimensions', [2, 3, 3, 8], [0, 1, 2], true, true],
    ["fc3's 10 classes on the last partial batch", [32, 10], 0, false, true],
    ['3 channels', [4, 5, 3], [0, 1], false, false],
    ['the last axis', [4, 8], [1], false, false],
    ['leading axes but not all', [2, 3, 4, 8], [0, 1], false, false],
  ] as [string, number[], number | number[], boolean, boolean][])(
    'equals the stock kernel bit for bit for %s',
    (_name, shape, axis, keepDims, simd) => {
      const inputs = { x: randomInput(shape, 7, -10, 10) };
      const attrs = { axis, keepDims };

      let actual: ReturnType<typeof runWasm> | undefined;
      const called = simdKernelsCalledBy(() => {
        actual = runWasm(Sum, inputs, attrs);
      });
      const expected = runStockWasm(Sum, inputs, attrs);

      expect(called).toEqual(simd ? ['sumLeadingAxes'] : []);
      expect(actual!.shape).toEqual(expected.shape);
      expect(actual!.values).toEqual(expected.values);
    },
  );
});
