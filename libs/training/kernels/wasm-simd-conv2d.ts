import {
  backend_util,
  Conv2D,
  FusedConv2D,
  type Conv2DAttrs,
  type FusedConv2DAttrs,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { KernelOverride } from './kernel-override';
import { F32X4_LANES, heapOffset, lenetSimdKernels } from './wasm-simd-kernels';

/** The single-channel kernel's rows hold at least one vector of output columns. */
const COLUMNS_PER_VECTOR = F32X4_LANES;
/** The channel-vector kernel's output channels come in whole vectors. */
const CHANNELS_PER_VECTOR = F32X4_LANES;

/**
 * Conv2D and FusedConv2D (with a bias, linear or ReLU) on wasm for LeNet-5's two convolutions,
 * on our SIMD kernels (lenet-kernels.wasm) instead of XNNPACK. Training changes the weights
 * every step, and XNNPACK re-creates its operator for each new filter (packed weights, an
 * indirection buffer of batch·outH·outW·kh·kw pointers) on every call; ours read the filter in
 * tfjs's own layout and write the output in place.
 *
 * Only NHWC, stride 1, dilation 1 and valid padding, with one input channel and rows at least 4
 * wide (conv1), or output channels a multiple of 4 (conv2); anything else (other activations,
 * PReLU weights, other shapes or attributes) returns null and the stock kernel runs. Results
 * differ from XNNPACK's by float rounding: the taps are summed in another order.
 */
function simdConv2D(args: {
  inputs: Record<string, TensorInfo | null | undefined>;
  backend: BackendWasm;
  attrs: Conv2DAttrs & Partial<FusedConv2DAttrs>;
}): TensorInfo | null {
  const { backend, attrs } = args;
  const x = args.inputs.x as TensorInfo;
  const filter = args.inputs.filter as TensorInfo;
  const bias = args.inputs.bias ?? null;
  const activation = attrs.activation ?? 'linear';
  if (activation !== 'linear' && activation !== 'relu') return null;
  if (args.inputs.preluActivationWeights || attrs.dataFormat !== 'NHWC') return null;
  if (x.dtype !== 'float32' || filter.dtype !== 'float32') return null;
  if (x.shape.length !== 4 || filter.shape.length !== 4) return null;
  const info = backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filter.shape as [number, number, number, number],
    attrs.strides,
    attrs.dilations,
    attrs.pad,
    attrs.dimRoundingMode,
  );
  const { inChannels, outChannels, outWidth, padInfo } = info;
  const plain =
    info.strideHeight === 1 &&
    info.strideWidth === 1 &&
    info.dilationHeight === 1 &&
    info.dilationWidth === 1 &&
    padInfo.top === 0 &&
    padInfo.bottom === 0 &&
    padInfo.left === 0 &&
    padInfo.right === 0;
  if (!plain || info.batchSize < 1 || info.outHeight < 1 || outWidth < 1 || outChannels < 1) {
    return null;
  }
  if (bias && (bias.dtype !== 'float32' || bias.shape.length !== 1)) return null;
  if (bias && bias.shape[0] !== outChannels) return null;
  const singleChannel = inChannels === 1 && outWidth >= COLUMNS_PER_VECTOR;
  if (!singleChannel && outChannels % CHANNELS_PER_VECTOR !== 0) return null;
  const kernels = lenetSimdKernels(backend);
  if (!kernels) return null;

  const out = backend.makeOutput(info.outShape, 'float32');
  const relu = activation === 'relu';
  const biasOffset = bias ? heapOffset(backend, bias) : 0;
  if (singleChannel) {
    kernels.conv2dForwardSingleChannel(
      heapOffset(backend, x),
      heapOffset(backend, filter),
      biasOffset,
      heapOffset(backend, out),
      info.batchSize,
      info.inHeight,
      info.inWidth,
      info.outHeight,
      outWidth,
      outChannels,
      info.filterHeight,
      info.filterWidth,
      relu,
    );
  } else {
    kernels.conv2dForwardChannelVectors(
      heapOffset(backend, x),
      heapOffset(backend, filter),
      biasOffset,
      heapOffset(backend, out),
      info.batchSize,
      info.inHeight,
      info.inWidth,
      inChannels,
      info.outHeight,
      outWidth,
      outChannels,
      info.filterHeight,
      info.filterWidth,
      relu,
    );
  }
  return out;
}

const fastPath = simdConv2D as unknown as KernelOverride['fastPath'];

export const wasmSimdConv2DOverrides: KernelOverride[] = [
  { kernelName: Conv2D, fastPath },
  { kernelName: FusedConv2D, fastPath },
];
