import {
  backend_util,
  MaxPoolGrad,
  type MaxPoolGradAttrs,
  type MaxPoolGradInputs,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { KernelOverride } from './kernel-override';
import { F32X4_LANES, heapOffset, lenetSimdKernels } from './wasm-simd-kernels';

/**
 * The stock kernel's choice of the maximum, kept so gradients stay bit-identical: a value wins
 * if it is ≥ the best so far (so the last of equal maxima wins) and the best starts at FLT_MIN.
 * A window with nothing ≥ FLT_MIN (all ≤ 0) keeps the stock's "position 0": its gradient goes
 * to the tensor's first element if the window holds it, and is dropped otherwise. Behind a
 * ReLU (as in LeNet-5) such a window is all zeros, whose gradient ReLU zeroes anyway.
 */
const STOCK_INITIAL_MAX = 1.1754943508222875e-38;
const NO_MAXIMUM = -1;

/**
 * MaxPoolGrad on wasm for non-overlapping windows (pool size = stride, valid padding: LeNet's
 * 2×2 pools). The stock kernel recomputes every window's argmax through a generic 3-D pooling
 * loop with a callback per element (~5 ms for conv1's pool at batch 64); here one pass over
 * the heap does it: LeNet's 2×2 pools with at least 4 channels in lenet-kernels.wasm (four
 * channels per vector), other non-overlapping windows in the loops below. Anything else returns
 * null (the stock kernel runs).
 */
function maxPoolGradFastPath(args: {
  inputs: MaxPoolGradInputs;
  backend: BackendWasm;
  attrs: MaxPoolGradAttrs;
}): TensorInfo | null {
  const { backend, attrs } = args;
  const dy = args.inputs.dy as TensorInfo;
  const input = args.inputs.input as TensorInfo;
  const output = args.inputs.output as TensorInfo;
  if (input.dtype !== 'float32' || dy.dtype !== 'float32' || output.dtype !== 'float32') {
    return null;
  }
  const info = backend_util.computePool2DInfo(
    input.shape as [number, number, number, number],
    attrs.filterSize,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
  );
  const { filterHeight, filterWidth, strideHeight, strideWidth, padInfo } = info;
  const nonOverlapping = filterHeight === strideHeight && filterWidth === strideWidth;
  if (!nonOverlapping || padInfo.top !== 0 || padInfo.left !== 0) return null;
  if (info.outHeight * strideHeight > info.inHeight || info.outWidth * strideWidth > info.inWidth) {
    return null;
  }

  const dx = backend.makeOutput(input.shape, 'float32');
  const kernels = lenetSimdKernels(backend);
  if (filterHeight === 2 && filterWidth === 2 && info.inChannels >= F32X4_LANES && kernels) {
    kernels.maxPool2x2Gradient(
      heapOffset(backend, input),
      heapOffset(backend, dy),
      heapOffset(backend, dx),
      info.batchSize,
      info.inHeight,
      info.inWidth,
      info.inChannels,
      info.outHeight,
      info.outWidth,
    );
    return dx;
  }
  const heap = (t: TensorInfo) => backend.typedArrayFromHeap(t) as Float32Array;
  const x = heap(input);
  const dxValues = heap(dx);
  const done =
    info.filterHeight === 2 &&
    info.filterWidth === 2 &&
    scatterTo2x2Maxima(x, heap(output), heap(dy), dxValues, info);
  if (!done) scatterToWindowMaxima(x, heap(dy), dxValues, info);
  return dx;
}

function scatterToWindowMaxima(
  x: Float32Array,
  dy: Float32Array,
  dx: Float32Array,
  info: backend_util.Conv2DInfo,
): void {
  const { batchSize, inHeight, inWidth, outHeight, outWidth, filterHeight, filterWidth } = info;
  const channels = info.inChannels;
  const rowStride = inWidth * channels;
  const initialMax = STOCK_INITIAL_MAX;
  dx.fill(0);
  let out = 0;
  for (let b = 0; b < batchSize; b++) {
    const image = b * inHeight * rowStride;
    for (let oy = 0; oy < outHeight; oy++) {
      for (let ox = 0; ox < outWidth; ox++) {
        const corner = image + oy * filterHeight * rowStride + ox * filterWidth * channels;
        for (let c = 0; c < channels; c++, out++) {
          let best = initialMax;
          let bestAt = corner + c === 0 ? 0 : NO_MAXIMUM;
          for (let r = 0; r < filterHeight; r++) {
            let at = corner + r * rowStride + c;
            for (let s = 0; s < filterWidth; s++, at += channels) {
              const value = x[at];
              if (value >= best) {
                best = value;
                bestAt = at;
              }
            }
          }
          if (bestAt !== NO_MAXIMUM) dx[bestAt] = dy[out];
        }
      }
    }
  }
}

/**
 * The same for 2×2 windows (LeNet's pools), from the forward pass's pooled output y: the stock
 * kernel's choice is the last position in the window (top left, top right, bottom left, bottom
 * right) whose value equals y, when y ≥ FLT_MIN; so at most four equality tests per window, and
 * checks that are always false for the windows behind ReLU that are all zeros; ~1.5× faster than
 * comparing the four values in order. y is the forward pass's output (as tfjs's max-pool
 * gradient passes it); the function returns false (dx partly written) as soon as a window
 * shows otherwise, and the caller starts over with the loop above.
 */
function scatterTo2x2Maxima(
  x: Float32Array,
  pooled: Float32Array,
  dy: Float32Array,
  dx: Float32Array,
  info: backend_util.Conv2DInfo,
): boolean {
  const { batchSize, inHeight, inWidth, outHeight, outWidth } = info;
  const channels = info.inChannels;
  const rowStride = inWidth * channels;
  const initialMax = STOCK_INITIAL_MAX;
  dx.fill(0);
  let out = 0;
  for (let b = 0; b < batchSize; b++) {
    const image = b * inHeight * rowStride;
    for (let oy = 0; oy < outHeight; oy++) {
      for (let ox = 0; ox < outWidth; ox++) {
        const corner = image + 2 * oy * rowStride + 2 * ox * channels;
        for (let c = 0; c < channels; c++, out++) {
          const max = pooled[out];
          const topLeft = corner + c;
          if (max >= initialMax) {
            const topRight = topLeft + channels;
            const bottomLeft = topLeft + rowStride;
            const bottomRight = bottomLeft + channels;
            const at =
              x[bottomRight] === max
                ? bottomRight
                : x[bottomLeft] === max
                  ? bottomLeft
                  : x[topRight] === max
                    ? topRight
                    : x[topLeft] === max
                      ? topLeft
                      : NO_MAXIMUM;
            if (at === NO_MAXIMUM) return false;
            dx[at] = dy[out];
          } else {
            const bottomLeft = topLeft + rowStride;
            const positive =
              x[topLeft] >= initialMax ||
              x[topLeft + channels] >= initialMax ||
              x[bottomLeft] >= initialMax ||
              x[bottomLeft + channels] >= initialMax;
            if (positive) return false;
            if (topLeft === 0) dx[0] = dy[out];
          }
        }
      }
    }
  }
  return true;
}

export const wasmMaxPoolGradOverride: KernelOverride = {
  kernelName: MaxPoolGrad,
  fastPath: maxPoolGradFastPath as unknown as KernelOverride['fastPath'],
};
