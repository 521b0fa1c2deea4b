import {
  backend_util,
  Conv2D,
  Conv2DBackpropInput,
  getKernel,
  type Conv2DAttrs,
  type Conv2DBackpropInputAttrs,
  type Conv2DBackpropInputInputs,
  type NamedAttrMap,
  type TensorInfo,
  util,
} from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { KernelOverride } from './kernel-override';
import { heapOffset, lenetSimdKernels, withScratch } from './wasm-simd-kernels';

/**
 * Conv2DBackpropInput on wasm for stride 1. The stock kernel is a plain C loop (~10 ms for
 * LeNet's conv2 at batch 64). Without padding (LeNet-5's conv2) our SIMD kernel runs
 * (`simdInputGradient`); with padding, or where it cannot run, the backend's XNNPACK
 * convolution: the input gradient is a convolution of dy, padded by filter − 1 − the forward
 * padding on each side, with the filter rotated by 180° and its channel axes swapped:
 *   dX[b, y, x, i] = Σ_r,c,o dY[b, y + r − (kh − 1 − top), x + c − (kw − 1 − left), o]
 *                           · W[kh − 1 − r, kw − 1 − c, i, o].
 * The padding goes to XNNPACK as explicit zero padding, so nothing is copied but the filter.
 * Other strides, dilations or NCHW return null (the stock kernel runs).
 */
function conv2DBackpropInputFastPath(args: {
  inputs: Conv2DBackpropInputInputs;
  backend: BackendWasm;
  attrs: Conv2DBackpropInputAttrs;
}): TensorInfo | null {
  const { backend, attrs } = args;
  const dy = args.inputs.dy as TensorInfo;
  const filter = args.inputs.filter as TensorInfo;
  if (attrs.dataFormat !== 'NHWC' || dy.dtype !== 'float32' || filter.dtype !== 'float32') {
    return null;
  }
  const info = backend_util.computeConv2DInfo(
    attrs.inputShape,
    filter.shape as [number, number, number, number],
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
    false,
    'channelsLast',
  );
  if (info.strideHeight !== 1 || info.strideWidth !== 1) return null;
  const simd = simdInputGradient(backend, dy, filter, info);
  if (simd) return simd;
  const { filterHeight, filterWidth, inChannels, outChannels, padInfo } = info;
  const conv = getKernel(Conv2D, 'wasm');
  if (!conv) return null;

  const rotated = backend.makeOutput(
    [filterHeight, filterWidth, outChannels, inChannels],
    'float32',
  );
  rotateAndSwapChannels(
    backend.typedArrayFromHeap(filter) as Float32Array,
    backend.typedArrayFromHeap(rotated) as Float32Array,
    filterHeight * filterWidth,
    inChannels,
    outChannels,
  );
  const convAttrs: Conv2DAttrs = {
    strides: 1,
    pad: [
      [0, 0],
      [filterHeight - 1 - padInfo.top, filterHeight - 1 - padInfo.bottom],
      [filterWidth - 1 - padInfo.left, filterWidth - 1 - padInfo.right],
      [0, 0],
    ],
    dataFormat: 'NHWC',
    dilations: 1,
  };
  const dx = conv.kernelFunc({
    inputs: { x: dy, filter: rotated },
    backend,
    attrs: convAttrs as unknown as NamedAttrMap,
  }) as TensorInfo;
  // Disposing the rotated filter also drops the XNNPACK operator the conv cached for it.
  backend.disposeData(rotated.dataId);
  return dx;
}

/**
 * dx from lenet-kernels.wasm's `conv2dInputGradient`, which scatters each dy position through
 * the filter and so skips the multiply-adds with padding zeros that the XNNPACK convolution
 * does (2.25× the work on LeNet's conv2). Any batch, filter or channel count without padding
 * (stride 1 is checked by the caller); null otherwise, or where the SIMD module cannot run.
 */
function simdInputGradient(
  backend: BackendWasm,
  dy: TensorInfo,
  filter: TensorInfo,
  info: backend_util.Conv2DInfo,
): TensorInfo | null {
  const { padInfo, batchSize, inHeight, inWidth, inChannels } = info;
  const { outHeight, outWidth, outChannels, filterHeight, filterWidth } = info;
  if (padInfo.top || padInfo.bottom || padInfo.left || padInfo.right) return null;
  // The kernel reads dy by these sizes: a dy of any other shape is left to the paths that check.
  if (!util.arraysEqual(dy.shape, [batchSize, outHeight, outWidth, outChannels])) return null;
  const kernels = lenetSimdKernels(backend);
  if (!kernels) return null;
  const packedBytes =
    inputGradientPackedFloats(filterHeight, filterWidth, inChannels, outChannels) * 4;
  const dx = backend.makeOutput([batchSize, inHeight, inWidth, inChannels], 'float32');
  withScratch(backend, packedBytes, (packed) =>
    kernels.conv2dInputGradient(
      heapOffset(backend, dy),
      heapOffset(backend, filter),
      packed,
      heapOffset(backend, dx),
      batchSize,
      outHeight,
      outWidth,
      outChannels,
      inHeight,
      inWidth,
      inChannels,
      filterHeight,
      filterWidth,
    ),
  );
  return dx;
}

/** Floats per row block of the packed filter (`BLOCK` in assembly/conv2d-input-gradient.ts). */
const INPUT_GRADIENT_BLOCK = 16;

/** [f, i, o] → [F − 1 − f, o, i], f = filter position (row-major, so rotating is reversing). */
function rotateAndSwapChannels(
  from: Float32Array,
  to: Float32Array,
  positions: number,
  inChannels: number,
  outChannels: number,
): void {
  for (let f = 0; f < positions; f++) {
    const target = (positions - 1 - f) * outChannels * inChannels;
    for (let i = 0; i < inChannels; i++) {
      const source = (f * inChannels + i) * outChannels;
      for (let o = 0; o < outChannels; o++) to[target + o * inChannels + i] = from[source + o];
    }
  }
}

export const wasmConv2DBackpropInputOverride: KernelOverride = {
  kernelName: Conv2DBackpropInput,
  fastPath: conv2DBackpropInputFastPath as unknown as KernelOverride['fastPath'],
};

/**
 * The packed filter's size in floats, scratch the input-gradient kernel writes: each filter row
 * (kw·inChannels floats) padded to whole blocks, per output channel. The write-bounds test
 * allocates exactly this, so it checks what this wrapper gives the kernel.
 */
export function inputGradientPackedFloats(
  kh: number,
  kw: number,
  inChannels: number,
  outChannels: number,
): number {
  const blocks = Math.ceil((kw * inChannels) / INPUT_GRADIENT_BLOCK);
  return kh * blocks * outChannels * INPUT_GRADIENT_BLOCK;
}
