import {
  backend_util,
  Conv2D,
  Conv2DBackpropFilter,
  getKernel,
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

/**
 * Conv2DBackpropFilter for the wasm backend, which ships without it (so stock tfjs cannot
 * train a convolution on wasm). Supports what LeNet-5 needs: NHWC, stride 1, valid padding,
 * dilation 1; anything else throws UnsupportedKernelAttrsError.
 *
 * The filter gradient is itself a valid convolution once batch and channels swap roles:
 *   dW[r, c, i, o] = Σ_b,y,x X[b, y + r, x + c, i] · dY[b, y, x, o]
 *                  = conv2d(X' = X as [i, h, w, b], F' = dY as [y, x, b, o])[i, r, c, o].
 * So the JavaScript part only transposes (on the wasm heap, no copies out) and the backend's
 * own XNNPACK convolution does the multiply-adds: ~8× faster than the same sums in JS loops.
 */
function wasmConv2DBackpropFilter(args: {
  inputs: Conv2DBackpropFilterInputs;
  backend: BackendWasm;
  attrs: Conv2DBackpropFilterAttrs;
}): TensorInfo {
  const { backend, attrs } = args;
  const x = args.inputs.x as TensorInfo;
  const dy = args.inputs.dy as TensorInfo;
  const info = checkedConvInfo(x, dy, attrs);
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels } = info;
  const { filterHeight, filterWidth } = info;

  const xT = backend.makeOutput([inChannels, inHeight, inWidth, batchSize], 'float32');
  const dyT = backend.makeOutput([outHeight, outWidth, batchSize, outChannels], 'float32');
  // Heap views are taken after every allocation: growing wasm memory detaches older views.
  swapBatchWithChannels(
    backend.typedArrayFromHeap(x) as Float32Array,
    backend.typedArrayFromHeap(xT) as Float32Array,
    batchSize,
    inHeight * inWidth,
    inChannels,
  );
  moveBatchInside(
    backend.typedArrayFromHeap(dy) as Float32Array,
    backend.typedArrayFromHeap(dyT) as Float32Array,
    batchSize,
    outHeight * outWidth,
    outChannels,
  );

  const conv = getKernel(Conv2D, 'wasm');
  if (!conv) throw new UnsupportedKernelAttrsError(Conv2DBackpropFilter, 'wasm Conv2D missing');
  const convAttrs: Conv2DAttrs = { strides: 1, pad: 'valid', dataFormat: 'NHWC', dilations: 1 };
  const grad = conv.kernelFunc({
    inputs: { x: xT, filter: dyT },
    backend,
    attrs: convAttrs as unknown as NamedAttrMap,
  }) as TensorInfo;

  const out = backend.makeOutput(info.filterShape, 'float32');
  channelsToFilterLayout(
    backend.typedArrayFromHeap(grad) as Float32Array,
    backend.typedArrayFromHeap(out) as Float32Array,
    inChannels,
    filterHeight * filterWidth,
    outChannels,
  );
  // Disposing dyT also drops the XNNPACK operator the conv cached for it as a "filter".
  for (const temporary of [xT, dyT, grad]) backend.disposeData(temporary.dataId);
  return out;
}

function checkedConvInfo(
  x: TensorInfo,
  dy: TensorInfo,
  attrs: Conv2DBackpropFilterAttrs,
): backend_util.Conv2DInfo {
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
  return info;
}

/** [b, p, c] → [c, p, b]. */
function swapBatchWithChannels(
  from: Float32Array,
  to: Float32Array,
  batch: number,
  positions: number,
  channels: number,
): void {
  for (let b = 0; b < batch; b++) {
    let source = b * positions * channels;
    for (let p = 0; p < positions; p++) {
      for (let c = 0; c < channels; c++) to[(c * positions + p) * batch + b] = from[source++];
    }
  }
}

/** [b, p, c] → [p, b, c]. */
function moveBatchInside(
  from: Float32Array,
  to: Float32Array,
  batch: number,
  positions: number,
  channels: number,
): void {
  for (let b = 0; b < batch; b++) {
    for (let p = 0; p < positions; p++) {
      to.set(
        from.subarray((b * positions + p) * channels, (b * positions + p + 1) * channels),
        (p * batch + b) * channels,
      );
    }
  }
}

/** [i, f, o] → [f, i, o], f = filter position: tfjs's filter layout is [h, w, in, out]. */
function channelsToFilterLayout(
  from: Float32Array,
  to: Float32Array,
  inChannels: number,
  filterPositions: number,
  outChannels: number,
): void {
  for (let i = 0; i < inChannels; i++) {
    for (let f = 0; f < filterPositions; f++) {
      const source = (i * filterPositions + f) * outChannels;
      to.set(from.subarray(source, source + outChannels), (f * inChannels + i) * outChannels);
    }
  }
}

export const wasmConv2DBackpropFilterConfig: KernelConfig = {
  kernelName: Conv2DBackpropFilter,
  backendName: 'wasm',
  kernelFunc: wasmConv2DBackpropFilter as unknown as KernelFunc,
};
