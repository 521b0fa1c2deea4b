import { Conv2DBackpropFilter } from '@tensorflow/tfjs-core';
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

/** The kernel's axis swaps run on the backend's Transpose kernel; these are LeNet's full sizes. */
describe('wasm Conv2DBackpropFilter at training batch sizes', () => {
  it.each([
    ['conv1, batch 64', [64, 28, 28, 1], [5, 5, 1, 6]],
    ['conv2, batch 64', [64, 12, 12, 6], [5, 5, 6, 16]],
    ['conv1 on the last partial batch', [32, 28, 28, 1], [5, 5, 1, 6]],
    ['conv2 on a batch of 1', [1, 12, 12, 6], [5, 5, 6, 16]],
  ] as [string, Shape4, Shape4][])(
    'matches the cpu kernel for %s',
    (_name, xShape, filterShape) => {
      const dyShape = [xShape[0], xShape[1] - 4, xShape[2] - 4, filterShape[3]];
      const inputs = { x: randomInput(xShape, 1), dy: randomInput(dyShape, 2) };
      const attrs = { strides: 1, pad: 'valid', dataFormat: 'NHWC', filterShape };

      const expected = runCpu(Conv2DBackpropFilter, inputs, attrs);
      const actual = runWasm(Conv2DBackpropFilter, inputs, attrs);

      expect(actual.shape).toEqual(filterShape);
      expect(relativeError(actual.values, expected.values)).toBeLessThan(RELATIVE_TOLERANCE);
    },
  );
});
