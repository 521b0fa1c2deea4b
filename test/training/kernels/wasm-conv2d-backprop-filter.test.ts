import * as tf from '@tensorflow/tfjs-core';
import { Conv2DBackpropFilter } from '@tensorflow/tfjs-core';
import { UnsupportedKernelAttrsError } from '@lenet-lab/training';
import {
  initWasmWithCpuReference,
  randomInput,
  relativeError,
  RELATIVE_TOLERANCE,
  runCpu,
  runWasm,
  simdKernelsCalledBy,
} from './kernel-harness';

type Shape4 = [number, number, number, number];

beforeAll(initWasmWithCpuReference);

/**
 * LeNet's sizes and shapes that exercise each branch of the SIMD kernels (a 3×3 single-channel
 * filter, an odd number of filter taps, output channels past a multiple of 16), and shapes
 * neither SIMD layout takes (the backend's Transpose + XNNPACK convolution).
 */
describe('wasm Conv2DBackpropFilter', () => {
  const dyShapeOf = (xShape: Shape4, filterShape: Shape4) => [
    xShape[0],
    xShape[1] - filterShape[0] + 1,
    xShape[2] - filterShape[1] + 1,
    filterShape[3],
  ];

  it.each([
    ['conv1, batch 64', [64, 28, 28, 1], [5, 5, 1, 6], 'conv2dFilterGradientSingleChannel'],
    ['conv2, batch 64', [64, 12, 12, 6], [5, 5, 6, 16], 'conv2dFilterGradientChannelVectors'],
    [
      'conv1, last partial batch',
      [32, 28, 28, 1],
      [5, 5, 1, 6],
      'conv2dFilterGradientSingleChannel',
    ],
    ['conv2, batch of 1', [1, 12, 12, 6], [5, 5, 6, 16], 'conv2dFilterGradientChannelVectors'],
    ['conv2, batch 3', [3, 12, 12, 6], [5, 5, 6, 16], 'conv2dFilterGradientChannelVectors'],
    ['1 channel, 3×3 filter', [2, 10, 10, 1], [3, 3, 1, 5], 'conv2dFilterGradientSingleChannel'],
    ['27 taps, 20 out-channels', [2, 7, 9, 3], [3, 3, 3, 20], 'conv2dFilterGradientChannelVectors'],
    ['1 tap, 4 out-channels', [2, 5, 5, 1], [1, 1, 1, 4], 'conv2dFilterGradientChannelVectors'],
    ['non-square input and filter', [3, 9, 11, 2], [3, 4, 2, 5], undefined],
    ['1 channel, 5 columns', [2, 9, 9, 1], [5, 5, 1, 3], undefined],
  ] as [string, Shape4, Shape4, string | undefined][])(
    'matches the cpu kernel for %s',
    (_name, xShape, filterShape, simdKernel) => {
      const inputs = {
        x: randomInput(xShape, 1),
        dy: randomInput(dyShapeOf(xShape, filterShape), 2),
      };
      const attrs = { strides: 1, pad: 'valid', dataFormat: 'NHWC', filterShape };

      const expected = runCpu(Conv2DBackpropFilter, inputs, attrs);
      let actual: ReturnType<typeof runWasm> | undefined;
      const called = simdKernelsCalledBy(() => {
        actual = runWasm(Conv2DBackpropFilter, inputs, attrs);
      });

      expect(called).toEqual(simdKernel ? [simdKernel] : []);
      expect(actual!.shape).toEqual(filterShape);
      expect(relativeError(actual!.values, expected.values)).toBeLessThan(RELATIVE_TOLERANCE);
    },
  );

  it('drives the gradient of tf.conv2d on wasm', () => {
    const x = tf.tensor4d(randomInput([2, 8, 8, 3], 3).values, [2, 8, 8, 3]);
    const filter = tf.tensor4d(randomInput([3, 3, 3, 4], 4).values, [3, 3, 3, 4]);
    const gradient = tf.grad((f) => tf.sum(tf.conv2d(x, f as tf.Tensor4D, 1, 'valid')))(filter);
    // d/dW of Σ conv = Σ over positions of the input patch: equal for every output channel.
    const values = gradient.arraySync() as number[][][][];
    const image = x.arraySync() as number[][][][];
    for (let r = 0; r < 3; r++) {
      for (let c = 0; c < 3; c++) {
        for (let i = 0; i < 3; i++) {
          let patchSum = 0;
          for (const sample of image) {
            for (let y = 0; y < 6; y++)
              for (let z = 0; z < 6; z++) patchSum += sample[y + r][z + c][i];
          }
          const inChannel = values[r][c][i];
          expect(new Set(inChannel.map((v) => v.toFixed(3))).size).toBe(1);
          expect(inChannel[0]).toBeCloseTo(patchSum, 3);
        }
      }
    }
    tf.dispose([x, filter, gradient]);
  });

  it.each([
    ['stride 2', { strides: 2 }],
    ['same padding', { pad: 'same' }],
    ['NCHW', { dataFormat: 'NCHW' }],
  ])('throws UnsupportedKernelAttrsError for %s', (_name, change) => {
    const inputs = { x: randomInput([1, 8, 8, 1], 5), dy: randomInput([1, 4, 4, 2], 6) };
    const attrs = {
      strides: 1,
      pad: 'valid',
      dataFormat: 'NHWC',
      filterShape: [5, 5, 1, 2],
      ...change,
    };
    const run = () => runWasm(Conv2DBackpropFilter, inputs, attrs);
    expect(run).toThrow(UnsupportedKernelAttrsError);
    expect(run).toThrow(/Conv2DBackpropFilter/);
  });
});
