import {
  backend_util,
  MaxPoolGrad,
  type MaxPoolGradAttrs,
  type MaxPoolGradInputs,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { WasmKernelOverride } from './wasm-kernel-override';

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
 * the heap does it. Anything else returns null (the stock kernel runs).
 */
function maxPoolGradFastPath(args: {
  inputs: MaxPoolGradInputs;
  backend: BackendWasm;
  attrs: MaxPoolGradAttrs;
}): TensorInfo | null {
  const { backend, attrs } = args;
  const dy = args.inputs.dy as TensorInfo;
  const input = args.inputs.input as TensorInfo;
  if (input.dtype !== 'float32' || dy.dtype !== 'float32') return null;
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
  scatterToWindowMaxima(
    backend.typedArrayFromHeap(input) as Float32Array,
    backend.typedArrayFromHeap(dy) as Float32Array,
    backend.typedArrayFromHeap(dx) as Float32Array,
    info,
  );
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
  if (filterHeight === 2 && filterWidth === 2) {
    scatterTo2x2Maxima(x, dy, dx, info);
    return;
  }
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

/** The same for 2×2 windows, unrolled: LeNet's pools, and 3× faster than the loop above. */
function scatterTo2x2Maxima(
  x: Float32Array,
  dy: Float32Array,
  dx: Float32Array,
  info: backend_util.Conv2DInfo,
): void {
  const { batchSize, inHeight, inWidth, outHeight, outWidth } = info;
  const channels = info.inChannels;
  const rowStride = inWidth * channels;
  const initialMax = STOCK_INITIAL_MAX;
  let out = 0;
  for (let b = 0; b < batchSize; b++) {
    const image = b * inHeight * rowStride;
    for (let oy = 0; oy < outHeight; oy++) {
      for (let ox = 0; ox < outWidth; ox++) {
        const corner = image + 2 * oy * rowStride + 2 * ox * channels;
        for (let c = 0; c < channels; c++, out++) {
          const topLeft = corner + c;
          const topRight = topLeft + channels;
          const bottomLeft = topLeft + rowStride;
          const bottomRight = bottomLeft + channels;
          let best = initialMax;
          let bestAt = topLeft === 0 ? 0 : NO_MAXIMUM;
          if (x[topLeft] >= best) {
            best = x[topLeft];
            bestAt = topLeft;
          }
          if (x[topRight] >= best) {
            best = x[topRight];
            bestAt = topRight;
          }
          if (x[bottomLeft] >= best) {
            best = x[bottomLeft];
            bestAt = bottomLeft;
          }
          if (x[bottomRight] >= best) bestAt = bottomRight;
          if (bestAt !== NO_MAXIMUM) dx[bestAt] = dy[out];
        }
      }
    }
  }
}

export const wasmMaxPoolGradOverride: WasmKernelOverride = {
  kernelName: MaxPoolGrad,
  fastPath: maxPoolGradFastPath as unknown as WasmKernelOverride['fastPath'],
};
