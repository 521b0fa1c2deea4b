import {
  backend_util,
  util,
  Conv2D,
  Conv2DBackpropFilter,
  getKernel,
  Transpose,
  type Conv2DAttrs,
  type Conv2DBackpropFilterAttrs,
  type Conv2DBackpropFilterInputs,
  type KernelConfig,
  type KernelFunc,
  type NamedAttrMap,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { UnsupportedKernelAttrsError } from '../errors';
import { F32X4_LANES, heapOffset, lenetSimdKernels, withScratch } from './wasm-simd-kernels';

/** The single-channel kernel keeps one accumulator per filter column, five at most. */
const SINGLE_CHANNEL_MAX_KERNEL = 5;

/**
 * Conv2DBackpropFilter for the wasm backend, which ships without it (so stock tfjs cannot
 * train a convolution on wasm). Supports what LeNet-5 needs: NHWC, stride 1, valid padding,
 * dilation 1; anything else throws UnsupportedKernelAttrsError.
 *
 * The filter gradient is itself a valid convolution once batch and channels swap roles:
 *   dW[r, c, i, o] = Σ_b,y,x X[b, y + r, x + c, i] · dY[b, y, x, o]
 *                  = conv2d(X' = X as [i, h, w, b], F' = dY as [y, x, b, o])[i, r, c, o].
 * So the backend's own Transpose kernels swap the axes (on the wasm heap, no copies out) and
 * its XNNPACK convolution does the multiply-adds: ~8× faster than the same sums in JS loops.
 * LeNet-5's two shapes go to our SIMD kernels instead (`simdFilterGradient`), which sum
 * straight from tfjs's layout without the transposes.
 */
function wasmConv2DBackpropFilter(args: {
  inputs: Conv2DBackpropFilterInputs;
  backend: BackendWasm;
  attrs: Conv2DBackpropFilterAttrs;
}): TensorInfo {
  const { backend, attrs } = args;
  const x = args.inputs.x as TensorInfo;
  const dy = args.inputs.dy as TensorInfo;
  checkConvAttrs(x, dy, attrs);
  const simd = simdFilterGradient(backend, x, dy, attrs.filterShape);
  if (simd) return simd;

  const conv = getKernel(Conv2D, 'wasm');
  const transpose = getKernel(Transpose, 'wasm');
  if (!conv || !transpose) {
    throw new UnsupportedKernelAttrsError(Conv2DBackpropFilter, 'wasm Conv2D or Transpose missing');
  }
  const permuted = (t: TensorInfo, perm: number[]) =>
    transpose.kernelFunc({
      inputs: { x: t },
      backend,
      attrs: { perm } as unknown as NamedAttrMap,
    }) as TensorInfo;

  const xT = permuted(x, BATCH_WITH_CHANNELS);
  const dyT = permuted(dy, BATCH_INSIDE);
  const convAttrs: Conv2DAttrs = { strides: 1, pad: 'valid', dataFormat: 'NHWC', dilations: 1 };
  const grad = conv.kernelFunc({
    inputs: { x: xT, filter: dyT },
    backend,
    attrs: convAttrs as unknown as NamedAttrMap,
  }) as TensorInfo;
  const out = permuted(grad, CHANNELS_TO_FILTER_LAYOUT);
  // Disposing dyT also drops the XNNPACK operator the conv cached for it as a "filter".
  for (const temporary of [xT, dyT, grad]) backend.disposeData(temporary.dataId);
  return out;
}

/**
 * The filter gradient from lenet-kernels.wasm where one of its layouts fits: one input channel
 * with output rows a multiple of 4 wide (conv1), or output channels a multiple of 4 (conv2).
 * Null for other shapes, or where the SIMD module cannot run.
 */
function simdFilterGradient(
  backend: BackendWasm,
  x: TensorInfo,
  dy: TensorInfo,
  filterShape: [number, number, number, number],
): TensorInfo | null {
  const kernels = lenetSimdKernels(backend);
  if (!kernels) return null;
  const [batch, inH, inW, inChannels] = x.shape;
  const [, outH, outW, outChannels] = dy.shape;
  const [kh, kw] = filterShape;
  const singleChannel =
    inChannels === 1 && outW % F32X4_LANES === 0 && kh === kw && kh <= SINGLE_CHANNEL_MAX_KERNEL;
  if (!singleChannel && outChannels % F32X4_LANES !== 0) return null;
  const out = backend.makeOutput(filterShape, 'float32');
  if (singleChannel) {
    withScratch(backend, util.sizeFromShape(dy.shape) * 4, (scratch) =>
      kernels.conv2dFilterGradientSingleChannel(
        heapOffset(backend, x),
        heapOffset(backend, dy),
        scratch,
        heapOffset(backend, out),
        batch,
        inH,
        inW,
        outH,
        outW,
        outChannels,
        kh,
      ),
    );
  } else {
    kernels.conv2dFilterGradientChannelVectors(
      heapOffset(backend, x),
      heapOffset(backend, dy),
      heapOffset(backend, out),
      batch,
      inH,
      inW,
      inChannels,
      outH,
      outW,
      outChannels,
      kh,
      kw,
    );
  }
  return out;
}

/** [b, h, w, i] → [i, h, w, b]. */
const BATCH_WITH_CHANNELS = [3, 1, 2, 0];
/** [b, y, x, o] → [y, x, b, o]. */
const BATCH_INSIDE = [1, 2, 0, 3];
/** [i, r, c, o] → [r, c, i, o]: tfjs's filter layout. */
const CHANNELS_TO_FILTER_LAYOUT = [1, 2, 0, 3];

/** Throws UnsupportedKernelAttrsError for anything but LeNet's case: NHWC, stride 1, valid. */
function checkConvAttrs(x: TensorInfo, dy: TensorInfo, attrs: Conv2DBackpropFilterAttrs): void {
  const unsupported = (detail: string) =>
    new UnsupportedKernelAttrsError(Conv2DBackpropFilter, detail);
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs;
  if (dataFormat !== 'NHWC')
    throw unsupported(`dataFormat ${dataFormat} (wasm supports NHWC only)`);
  if (x.dtype !== 'float32' || dy.dtype !== 'float32') throw unsupported('non-float32 inputs');
  const [strideHeight, strideWidth] = typeof strides === 'number' ? [strides, strides] : strides;
  if (strideHeight !== 1 || strideWidth !== 1) throw unsupported(`strides ${strides} (only 1)`);
  if (pad !== 'valid' && pad !== 0) throw unsupported(`pad ${JSON.stringify(pad)} (only valid)`);
  const info = backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filterShape,
    strides,
    1,
    pad,
    dimRoundingMode,
    false,
    'channelsLast',
  );
  if (info.outHeight !== dy.shape[1] || info.outWidth !== dy.shape[2]) {
    throw unsupported(`dy shape ${dy.shape} does not match x ${x.shape} and filter ${filterShape}`);
  }
}

export const wasmConv2DBackpropFilterConfig: KernelConfig = {
  kernelName: Conv2DBackpropFilter,
  backendName: 'wasm',
  kernelFunc: wasmConv2DBackpropFilter as unknown as KernelFunc,
};
