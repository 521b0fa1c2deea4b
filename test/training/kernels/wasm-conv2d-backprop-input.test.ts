import { Conv2DBackpropInput } from '@tensorflow/tfjs-core';
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

describe('wasm Conv2DBackpropInput', () => {
  it.each([
    ['conv2 of LeNet-5, batch 64', [64, 12, 12, 6], [5, 5, 6, 16], 'valid', 1],
    ['conv1 of LeNet-5, batch 64', [64, 28, 28, 1], [5, 5, 1, 6], 'valid', 1],
    [
      'conv2 on the last partial batch (60,000 = 937 × 64 + 32)',
      [32, 12, 12, 6],
      [5, 5, 6, 16],
      'valid',
      1,
    ],
    ['same padding, non-square', [3, 9, 11, 2], [3, 4, 2, 5], 'same', 1],
    ['stride 2 (the stock kernel)', [2, 9, 9, 3], [3, 3, 3, 4], 'valid', 2],
  ] as [string, Shape4, Shape4, 'valid' | 'same', number][])(
    'matches the cpu kernel for %s',
    (_name, inputShape, filterShape, pad, strides) => {
      const outHeight =
        pad === 'same'
          ? Math.ceil(inputShape[1] / strides)
          : Math.floor((inputShape[1] - filterShape[0]) / strides) + 1;
      const outWidth =
        pad === 'same'
          ? Math.ceil(inputShape[2] / strides)
          : Math.floor((inputShape[2] - filterShape[1]) / strides) + 1;
      const inputs = {
        dy: randomInput([inputShape[0], outHeight, outWidth, filterShape[3]], 1),
        filter: randomInput(filterShape, 2),
      };
      const attrs = { strides, pad, dataFormat: 'NHWC', inputShape };

      const expected = runCpu(Conv2DBackpropInput, inputs, attrs);
      const actual = runWasm(Conv2DBackpropInput, inputs, attrs);

      expect(actual.shape).toEqual(inputShape);
      expect(relativeError(actual.values, expected.values)).toBeLessThan(RELATIVE_TOLERANCE);
    },
  );
});
