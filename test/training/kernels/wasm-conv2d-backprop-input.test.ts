import * as tf from '@tensorflow/tfjs-core';
import { Conv2DBackpropInput } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { inputGradientPackedFloats } from '@lenet-lab/training/kernels/wasm-conv2d-backprop-input';
import { heapOffset, lenetSimdKernels } from '@lenet-lab/training/kernels/wasm-simd-kernels';
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

const SIMD = 'conv2dInputGradient';

beforeAll(initWasmWithCpuReference);

/**
 * LeNet's sizes, shapes that exercise each branch of the SIMD kernel (rows of kw·inC ending in
 * 1, 2, 3 or 0 floats past a whole vector, one to three 16-float blocks, an odd number of dy
 * rows and a single one, whose last row goes through unpaired), and the shapes it leaves to the
 * XNNPACK convolution (padding) or to the stock kernel (stride 2).
 */
describe('wasm Conv2DBackpropInput', () => {
  it.each([
    ['conv2 of LeNet-5, batch 64', [64, 12, 12, 6], [5, 5, 6, 16], 'valid', 1, SIMD],
    ['conv1 of LeNet-5, batch 64', [64, 28, 28, 1], [5, 5, 1, 6], 'valid', 1, SIMD],
    [
      'conv2 on the last partial batch (60,000 = 937 × 64 + 32)',
      [32, 12, 12, 6],
      [5, 5, 6, 16],
      'valid',
      1,
      SIMD,
    ],
    ['conv2, batch of 1', [1, 12, 12, 6], [5, 5, 6, 16], 'valid', 1, SIMD],
    ['rows of 15 floats, 7 dy rows', [3, 9, 11, 5], [3, 3, 5, 7], 'valid', 1, SIMD],
    ['rows of 40 floats in 3 blocks', [2, 8, 9, 8], [4, 5, 8, 3], 'valid', 1, SIMD],
    ['rows of 8 floats, 1 out-channel', [2, 6, 7, 2], [2, 4, 2, 1], 'valid', 1, SIMD],
    ['a single dy row', [2, 3, 6, 3], [3, 2, 3, 4], 'valid', 1, SIMD],
    ['a 1×1 filter, whose same padding is none', [2, 5, 5, 3], [1, 1, 3, 4], 'same', 1, SIMD],
    ['same padding, non-square', [3, 9, 11, 2], [3, 4, 2, 5], 'same', 1, undefined],
    ['stride 2 (the stock kernel)', [2, 9, 9, 3], [3, 3, 3, 4], 'valid', 2, undefined],
  ] as [string, Shape4, Shape4, 'valid' | 'same', number, string | undefined][])(
    'matches the cpu kernel for %s',
    (_name, inputShape, filterShape, pad, strides, simdKernel) => {
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
      let actual: ReturnType<typeof runWasm> | undefined;
      const called = simdKernelsCalledBy(() => {
        actual = runWasm(Conv2DBackpropInput, inputs, attrs);
      });

      expect(called).toEqual(simdKernel ? [simdKernel] : []);
      expect(actual!.shape).toEqual(inputShape);
      expect(relativeError(actual!.values, expected.values)).toBeLessThan(RELATIVE_TOLERANCE);
    },
  );

  it('writes nothing past the end of dx, where rows end inside a vector', () => {
    const backend = tf.backend() as BackendWasm;
    const kernels = lenetSimdKernels(backend)!;
    const [batch, inH, inW, inC, kh, kw, outC] = [2, 12, 12, 6, 5, 5, 16];
    const dy = tf.tensor(randomInput([batch, inH - kh + 1, inW - kw + 1, outC], 3).values);
    const filter = tf.tensor(randomInput([kh, kw, inC, outC], 4).values);
    const packed = tf.zeros([inputGradientPackedFloats(kh, kw, inC, outC)]);
    const size = batch * inH * inW * inC;
    // −0 past the end: a padding lane's +0 added to it gives +0, so a whole-vector store past
    // the last value shows even though it adds nothing.
    const GUARD = 8;
    const dx = tf.fill([size + GUARD], -0);

    kernels.conv2dInputGradient(
      heapOffset(backend, dy),
      heapOffset(backend, filter),
      heapOffset(backend, packed),
      heapOffset(backend, dx),
      batch,
      inH - kh + 1,
      inW - kw + 1,
      outC,
      inH,
      inW,
      inC,
      kh,
      kw,
    );

    const values = dx.dataSync();
    expect(Array.from(values.subarray(size), (v) => Object.is(v, -0))).toEqual(
      new Array(GUARD).fill(true),
    );
    expect(values[size - 1]).not.toBe(0);
    tf.dispose([dy, filter, packed, dx]);
  });
});
