import { Add, Multiply, RealDiv, Sub, Tile } from '@tensorflow/tfjs-core';
import {
  initWasmWithCpuReference,
  randomInput,
  runStockWasm,
  runWasm,
  type KernelInput,
} from './kernel-harness';

beforeAll(initWasmWithCpuReference);

const CONV1 = [64, 24, 24, 6];
const CONV2_PARTIAL = [32, 8, 8, 16];

describe('wasm per-channel broadcasts', () => {
  const cases: [string, number[], number[]][] = [
    ['x[64,24,24,6] ⊙ v[6]', CONV1, [6]],
    ['v[1,1,1,6] ⊙ x[64,24,24,6]', [1, 1, 1, 6], CONV1],
    ['v[16] ⊙ x[32,8,8,16] (the stock kernel)', [16], CONV2_PARTIAL],
    [
      'x[32,8,8,16] ⊙ v[1,1,1,16] (the stock kernel: 16 is a multiple of 4)',
      CONV2_PARTIAL,
      [1, 1, 1, 16],
    ],
    ['x[32,24,24,6] ⊙ v[1,1,1,6] (last partial batch)', [32, 24, 24, 6], [1, 1, 1, 6]],
    ['x[3,5,7] ⊙ v[7]', [3, 5, 7], [7]],
    ['x[5,3] ⊙ y[5,3] (the stock kernel)', [5, 3], [5, 3]],
    ['x[4,1,3] ⊙ y[1,5,3] (the stock kernel)', [4, 1, 3], [1, 5, 3]],
  ];
  // Add and Sub are not overridden: checked anyway, as the guard that they stay stock.
  for (const kernelName of [Add, Sub, Multiply, RealDiv]) {
    it.each(cases)(`${kernelName} equals the stock kernel bit for bit for %s`, (_n, a, b) => {
      // Divisors kept away from 0 so the comparison is of numbers, not of infinities.
      const inputs = { a: randomInput(a, 1, 0.5, 2), b: randomInput(b, 2, 0.5, 2) };
      const actual = runWasm(kernelName, inputs, {});
      const expected = runStockWasm(kernelName, inputs, {});
      expect(actual.shape).toEqual(expected.shape);
      expect(actual.values).toEqual(expected.values);
    });
  }

  it.each([
    ['[1,1,1,6] to conv1 size', [1, 1, 1, 6], [64, 24, 24, 1]],
    ['[1,1,1,16] to the last partial batch', [1, 1, 1, 16], [32, 8, 8, 1]],
    ['along the channel axis (the stock kernel)', [1, 2, 3], [2, 1, 2]],
  ] as [string, number[], number[]][])('Tile equals the stock kernel for %s', (_n, shape, reps) => {
    const inputs: Record<string, KernelInput> = { x: randomInput(shape, 3) };
    const actual = runWasm(Tile, inputs, { reps });
    const expected = runStockWasm(Tile, inputs, { reps });
    expect(actual.shape).toEqual(expected.shape);
    expect(actual.values).toEqual(expected.values);
  });
});
