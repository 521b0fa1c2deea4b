import { Sum, util, type SumAttrs, type SumInputs, type TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { KernelOverride } from './kernel-override';
import { F32X4_LANES, heapOffset, lenetSimdKernels } from './wasm-simd-kernels';

/**
 * Sum over every axis but the last, as a bias's gradient is (conv1's [64, 24, 24, 6] → [6]:
 * ~0.4 ms per step on the stock kernel, which first transposes the reduced axes to the end):
 * four channels per wasm SIMD vector, each summed in row order like the stock loop, so the
 * result is bit-identical. Other reductions, dtypes, or fewer than 4 channels return null.
 */
function sumLeadingAxesFastPath(args: {
  inputs: SumInputs;
  backend: BackendWasm;
  attrs: SumAttrs;
}): TensorInfo | null {
  const { backend, attrs } = args;
  const x = args.inputs.x as TensorInfo;
  const rank = x.shape.length;
  const channels = x.shape[rank - 1];
  if (x.dtype !== 'float32' || rank < 2 || channels < F32X4_LANES) return null;
  // In ascending order only: the stock kernel sums in the order the axes are given.
  const axes = util.parseAxisParam(attrs.axis, x.shape);
  if (axes.length !== rank - 1 || axes.some((axis, i) => axis !== i)) return null;
  const kernels = lenetSimdKernels(backend);
  if (!kernels) return null;

  const shape = attrs.keepDims ? [...x.shape.slice(0, -1).map(() => 1), channels] : [channels];
  const out = backend.makeOutput(shape, 'float32');
  const rows = util.sizeFromShape(x.shape) / channels;
  kernels.sumLeadingAxes(heapOffset(backend, x), heapOffset(backend, out), rows, channels);
  return out;
}

export const wasmSumLeadingAxesOverride: KernelOverride = {
  kernelName: Sum,
  fastPath: sumLeadingAxesFastPath as unknown as KernelOverride['fastPath'],
};
