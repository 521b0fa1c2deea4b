import * as tf from '@tensorflow/tfjs-core';
import { MaxPoolGrad } from '@tensorflow/tfjs-core';
import {
  initWasmWithCpuReference,
  randomInput,
  runStockWasm,
  runWasm,
  simdKernelsCalledBy,
  type KernelInput,
} from './kernel-harness';

type Shape4 = [number, number, number, number];

beforeAll(initWasmWithCpuReference);

/** Post-ReLU-like values: a third exact zeros (ties), some repeated positives, some < 0. */
function poolInput(shape: Shape4, seed: number): KernelInput {
  const input = randomInput(shape, seed, -0.5, 1);
  for (let i = 0; i < input.values.length; i++) {
    if (i % 3 === 0) input.values[i] = 0;
    else if (i % 7 === 0) input.values[i] = 0.25;
  }
  return input;
}

function maxPoolOutput(input: KernelInput, size: number, strides: number): KernelInput {
  return tf.tidy(() => {
    const y = tf.maxPool(tf.tensor4d(input.values, input.shape as Shape4), size, strides, 'valid');
    return { values: y.dataSync() as Float32Array, shape: y.shape };
  });
}

describe('wasm MaxPoolGrad', () => {
  it.each([
    ['pool1 of LeNet-5, batch 64', [64, 24, 24, 6], 2, 2, true],
    ['pool2 of LeNet-5, batch 64', [64, 8, 8, 16], 2, 2, true],
    ['pool1 on the last partial batch', [32, 24, 24, 6], 2, 2, true],
    ['4 channels', [2, 6, 6, 4], 2, 2, true],
    ['5 channels (overlapping vectors)', [2, 6, 8, 5], 2, 2, true],
    ['odd sizes, 6 channels (the last row and column in no window)', [3, 7, 9, 6], 2, 2, true],
    ['odd sizes, 2 channels', [3, 7, 9, 2], 2, 2, false],
    ['3×3 windows, stride 3', [2, 9, 9, 3], 3, 3, false],
    ['overlapping 3×3 windows, stride 2 (the stock kernel)', [2, 9, 9, 3], 3, 2, false],
  ] as [string, Shape4, number, number, boolean][])(
    'equals the stock kernel bit for bit for %s, ties included',
    (_name, shape, size, strides, simd) => {
      const input = poolInput(shape, 1);
      const output = maxPoolOutput(input, size, strides);
      const inputs = { input, output, dy: randomInput(output.shape, 2) };
      const attrs = { filterSize: size, strides, pad: 'valid' };

      let actual: ReturnType<typeof runWasm> | undefined;
      const called = simdKernelsCalledBy(() => {
        actual = runWasm(MaxPoolGrad, inputs, attrs);
      });
      const expected = runStockWasm(MaxPoolGrad, inputs, attrs);

      expect(called).toEqual(simd ? ['maxPool2x2Gradient'] : []);
      expect(actual!.shape).toEqual(shape);
      expect(actual!.values).toEqual(expected.values);
    },
  );

  it('sends a window of equal positive values to its last element, as the stock kernel', () => {
    const input = { values: Float32Array.of(1, 1, 1, 1), shape: [1, 2, 2, 1] };
    const inputs = { input, output: { values: Float32Array.of(1), shape: [1, 1, 1, 1] } };
    const dy = { values: Float32Array.of(5), shape: [1, 1, 1, 1] };
    const actual = runWasm(
      MaxPoolGrad,
      { ...inputs, dy },
      { filterSize: 2, strides: 2, pad: 'valid' },
    );
    expect(Array.from(actual.values)).toEqual([0, 0, 0, 5]);
  });

  it.each([2, 4, 6])(
    'drops the gradient of a window with no positive value, as the stock kernel (%i channels)',
    (channels) => {
      // Two windows side by side, top row negative, bottom row zeros: no value reaches FLT_MIN.
      // Only channel 0 of the first window holds the tensor's first element ("position 0").
      const values = Float32Array.from({ length: 8 * channels }, (_, i) =>
        i < 4 * channels ? -1 - i : 0,
      );
      const input = { values, shape: [1, 2, 4, channels] };
      const output = maxPoolOutput(input, 2, 2);
      const dy = {
        values: Float32Array.from({ length: 2 * channels }, (_, i) => 5 + i),
        shape: output.shape,
      };
      const attrs = { filterSize: 2, strides: 2, pad: 'valid' };
      const actual = runWasm(MaxPoolGrad, { input, output, dy }, attrs);
      const expected = runStockWasm(MaxPoolGrad, { input, output, dy }, attrs);
      expect(actual.values[0]).toBe(5);
      expect(Array.from(actual.values.slice(1)).every((v) => v === 0)).toBe(true);
      expect(actual.values).toEqual(expected.values);
    },
  );

  it('drops the gradient of a window with no positive value, as the stock kernel', () => {
    // Two channels: channel 0's window holds the tensor's first element, channel 1's does not.
    const input = { values: Float32Array.of(-1, -2, -3, -4, -5, -6, -7, -8), shape: [1, 2, 2, 2] };
    const output = { values: Float32Array.of(-1, -2), shape: [1, 1, 1, 2] };
    const dy = { values: Float32Array.of(5, 7), shape: [1, 1, 1, 2] };
    const attrs = { filterSize: 2, strides: 2, pad: 'valid' };
    const actual = runWasm(MaxPoolGrad, { input, output, dy }, attrs);
    const expected = runStockWasm(MaxPoolGrad, { input, output, dy }, attrs);
    expect(Array.from(actual.values)).toEqual([5, 0, 0, 0, 0, 0, 0, 0]);
    expect(actual.values).toEqual(expected.values);
  });

  it.each([
    ['above', 0.5],
    ['below', -2],
  ])('ignores an output %s the windows’ maxima, as the stock kernel does', (_name, offset) => {
    const input = poolInput([2, 6, 6, 3], 3);
    const pooled = maxPoolOutput(input, 2, 2);
    const output = { ...pooled, values: pooled.values.map((v) => v + offset) };
    const inputs = { input, output, dy: randomInput(pooled.shape, 4) };
    const attrs = { filterSize: 2, strides: 2, pad: 'valid' };
    const actual = runWasm(MaxPoolGrad, inputs, attrs);
    const expected = runStockWasm(MaxPoolGrad, inputs, attrs);
    expect(actual.values).toEqual(expected.values);
  });
});
