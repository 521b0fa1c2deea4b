import { Conv2D, FusedConv2D } from '@tensorflow/tfjs-core';
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

type Shape4 = [number, number, number, number];

const SINGLE_CHANNEL = 'conv2dForwardSingleChannel';
const CHANNEL_VECTORS = 'conv2dForwardChannelVectors';
const ATTRS = { strides: 1, pad: 'valid', dilations: 1, dataFormat: 'NHWC' };

/** Runs ours and the cpu kernel; returns the SIMD functions ours called. */
function expectCloseToCpu(
  kernelName: string,
  inputs: Record<string, KernelInput>,
  attrs: object,
): string[] {
  const expected = runCpu(kernelName, inputs, attrs);
  let actual: ReturnType<typeof runWasm> | undefined;
  const called = simdKernelsCalledBy(() => {
    actual = runWasm(kernelName, inputs, attrs);
  });
  expect(actual!.shape).toEqual(expected.shape);
  expect(relativeError(actual!.values, expected.values)).toBeLessThan(RELATIVE_TOLERANCE);
  return called;
}

/**
 * LeNet-5's two convolutions at a training batch, the last partial batch, a prediction and an
 * evaluation batch; then shapes that reach each branch of the kernels (channels past a group,
 * a width that is not a multiple of 4, a lone last position, output channels past 16), and
 * shapes neither kernel takes (the stock kernel).
 */
const CASES: [string, Shape4, Shape4, string | undefined][] = [
  ['conv1, batch 64', [64, 28, 28, 1], [5, 5, 1, 6], SINGLE_CHANNEL],
  ['conv1, last partial batch', [32, 28, 28, 1], [5, 5, 1, 6], SINGLE_CHANNEL],
  ['conv1, one image', [1, 28, 28, 1], [5, 5, 1, 6], SINGLE_CHANNEL],
  ['conv2, batch 64', [64, 12, 12, 6], [5, 5, 6, 16], CHANNEL_VECTORS],
  ['conv2, last partial batch', [32, 12, 12, 6], [5, 5, 6, 16], CHANNEL_VECTORS],
  ['conv2, one image', [1, 12, 12, 6], [5, 5, 6, 16], CHANNEL_VECTORS],
  ['1 channel, width 9 (overlapping last vector)', [2, 11, 11, 1], [3, 3, 1, 6], SINGLE_CHANNEL],
  ['1 channel to 8 (a group and two singles)', [2, 10, 13, 1], [3, 4, 1, 8], SINGLE_CHANNEL],
  ['1 channel to 3 (singles only)', [2, 7, 6, 1], [2, 2, 1, 3], SINGLE_CHANNEL],
  ['1 channel to 12 (two groups)', [1, 9, 9, 1], [5, 5, 1, 12], SINGLE_CHANNEL],
  ['20 out-channels, width 7 (lone last position)', [3, 9, 8, 3], [3, 2, 3, 20], CHANNEL_VECTORS],
  ['4 out-channels, a 1×1 filter', [2, 5, 5, 2], [1, 1, 2, 4], CHANNEL_VECTORS],
  ['1 channel, a row narrower than a vector', [2, 6, 6, 1], [5, 5, 1, 4], CHANNEL_VECTORS],
  ['1 channel to 6, a row narrower than a vector', [2, 6, 6, 1], [5, 5, 1, 6], undefined],
  ['2 channels to 6', [2, 12, 12, 2], [5, 5, 2, 6], undefined],
];

describe('wasm forward convolution on SIMD kernels', () => {
  it.each(CASES)('Conv2D matches the cpu kernel for %s', (_name, xShape, filterShape, simd) => {
    const inputs = { x: randomInput(xShape, 1), filter: randomInput(filterShape, 2) };
    expect(expectCloseToCpu(Conv2D, inputs, ATTRS)).toEqual(simd ? [simd] : []);
  });

  it.each(CASES)(
    'FusedConv2D with a bias matches the cpu kernel for %s',
    (_name, xShape, filterShape, simd) => {
      const inputs = {
        x: randomInput(xShape, 3),
        filter: randomInput(filterShape, 4),
        bias: randomInput([filterShape[3]], 5),
      };
      const attrs = { ...ATTRS, activation: 'linear' };
      expect(expectCloseToCpu(FusedConv2D, inputs, attrs)).toEqual(simd ? [simd] : []);
    },
  );

  it.each([
    ['conv1', [1000, 28, 28, 1], [5, 5, 1, 6], SINGLE_CHANNEL],
    ['conv2', [1000, 12, 12, 6], [5, 5, 6, 16], CHANNEL_VECTORS],
  ] as [string, Shape4, Shape4, string][])(
    'FusedConv2D matches the cpu kernel for %s on an evaluation batch of 1000',
    (_name, xShape, filterShape, simd) => {
      const inputs = {
        x: randomInput(xShape, 6),
        filter: randomInput(filterShape, 7),
        bias: randomInput([filterShape[3]], 8),
      };
      const attrs = { ...ATTRS, activation: 'linear' };
      expect(expectCloseToCpu(FusedConv2D, inputs, attrs)).toEqual([simd]);
    },
  );

  it.each([
    ['conv1', [4, 28, 28, 1], [5, 5, 1, 6], SINGLE_CHANNEL],
    ['conv2', [4, 12, 12, 6], [5, 5, 6, 16], CHANNEL_VECTORS],
  ] as [string, Shape4, Shape4, string][])(
    'FusedConv2D with ReLU, with and without a bias, matches the cpu kernel for %s',
    (_name, xShape, filterShape, simd) => {
      const x = randomInput(xShape, 9);
      const filter = randomInput(filterShape, 10);
      const bias = randomInput([filterShape[3]], 11);
      const attrs = { ...ATTRS, activation: 'relu' };
      expect(expectCloseToCpu(FusedConv2D, { x, filter, bias }, attrs)).toEqual([simd]);
      expect(expectCloseToCpu(FusedConv2D, { x, filter }, attrs)).toEqual([simd]);
    },
  );

  it.each([
    ['stride 2', { strides: 2 }],
    ['same padding', { pad: 'same' }],
    ['dilation 2', { dilations: 2 }],
    ['a ReLU6 activation', { activation: 'relu6' }],
    ['a leaky ReLU activation', { activation: 'leakyrelu', leakyreluAlpha: 0.2 }],
  ])('leaves conv2 with %s to the stock kernel', (_name, change) => {
    const inputs = {
      x: randomInput([2, 12, 12, 6], 12),
      filter: randomInput([5, 5, 6, 16], 13),
      bias: randomInput([16], 14),
    };
    const attrs = { ...ATTRS, activation: 'linear', ...change };
    expect(expectCloseToCpu(FusedConv2D, inputs, attrs)).toEqual([]);
  });

  it('leaves a PReLU activation to the stock kernel', () => {
    const inputs = {
      x: randomInput([2, 28, 28, 1], 15),
      filter: randomInput([5, 5, 1, 6], 16),
      preluActivationWeights: randomInput([6], 17),
    };
    const attrs = { ...ATTRS, activation: 'prelu' };
    expect(expectCloseToCpu(FusedConv2D, inputs, attrs)).toEqual([]);
  });

  it('leaves NCHW to the stock kernel, which refuses it', () => {
    const inputs = { x: randomInput([1, 1, 28, 28], 18), filter: randomInput([5, 5, 1, 6], 19) };
    const attrs = { ...ATTRS, dataFormat: 'NCHW' };
    const called = simdKernelsCalledBy(() => {
      expect(() => runWasm(Conv2D, inputs, attrs)).toThrow(/dataFormat/);
    });
    expect(called).toEqual([]);
  });
});
