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
} from './kernel-harness';

type Shape4 = [number, number, number, number];

beforeAll(initWasmWithCpuReference);

/** The kernel's axis swaps run on the backend's Transpose kernel; LeNet's sizes and a few odd ones. */
describe('wasm Conv2DBackpropFilter', () => {
  it.each([
    ['conv1, batch 64', [64, 28, 28, 1], [5, 5, 1, 6]],
    ['conv2, batch 64', [64, 12, 12, 6], [5, 5, 6, 16]],
    ['conv1 on the last partial batch', [32, 28, 28, 1], [5, 5, 1, 6]],
    ['conv2 on a batch of 1', [1, 12, 12, 6], [5, 5, 6, 16]],
    ['conv2, batch 3', [3, 12, 12, 6], [5, 5, 6, 16]],
    ['non-square input and filter', [3, 9, 11, 2], [3, 4, 2, 5]],
  ] as [string, Shape4, Shape4][])(
    'matches the cpu kernel for %s',
    (_name, xShape, filterShape) => {
      const dyShape = [
        xShape[0],
        xShape[1] - filterShape[0] + 1,
        xShape[2] - filterShape[1] + 1,
        filterShape[3],
      ];
      const inputs = { x: randomInput(xShape, 1), dy: randomInput(dyShape, 2) };
      const attrs = { strides: 1, pad: 'valid', dataFormat: 'NHWC', filterShape };

      const expected = runCpu(Conv2DBackpropFilter, inputs, attrs);
      const actual = runWasm(Conv2DBackpropFilter, inputs, attrs);

      expect(actual.shape).toEqual(filterShape);
      expect(relativeError(actual.values, expected.values)).toBeLessThan(RELATIVE_TOLERANCE);
    },
  );

  it('drives the gradient of tf.conv2d on wasm', () => {
    const x = tf.tensor4d(randomInput([2, 8, 8, 3], 3).values, [2, 8, 8, 3]);
    const filter = tf.tensor4d(randomInput([3, 3, 3, 4], 4).values, [3, 3, 3, 4]);
    const gradient = tf.grad((f) => tf.sum(tf.conv2d(x, f as tf.Tensor4D, 1, 'valid')))(filter);
    // d/dW of Σ conv = Σ over positions of the input patch: equal for every output channel.
    const values = gradient.arraySync() as number[][][][];
    for (const row of values) {
      for (const column of row) {
        for (const inChannel of column) {
          expect(new Set(inChannel.map((v) => v.toFixed(3))).size).toBe(1);
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
