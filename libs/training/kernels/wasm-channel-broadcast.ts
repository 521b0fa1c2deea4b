import {
  Multiply,
  RealDiv,
  Tile,
  type BinaryInputs,
  type TensorInfo,
  type TileAttrs,
  type TileInputs,
} from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { WasmKernelOverride } from './wasm-kernel-override';

/**
 * Per-channel broadcasts on wasm, x[..., C] × v[C] and ÷ (v of any shape [1, …, 1, C]), and
 * Tile of such a v along the leading axes, as BatchNorm's gradient does them many times per
 * step. Measured on the stock kernels at 64×24×24×C: XNNPACK's broadcasting multiply and divide
 * take ~2.4 ms when C is not a multiple of 4 (LeNet's conv1 has 6 channels) against ~0.5 ms
 * when it is, and Tile takes ~13 ms; one pass over the heap here takes ~0.7 ms and ~0.9 ms.
 * Add and Sub (~0.6 ms) and multiples of 4 stay with the stock kernels.
 *
 * The values are bit-identical to the stock kernels': × and ÷ of two float32 numbers computed
 * in double and rounded to float32 give the float32 result.
 */
type ChannelOp = 'mul' | 'div';

/** XNNPACK broadcasts rows of a multiple of 4 floats fast, other row lengths slowly. */
const XNNPACK_FAST_ROW = 4;

/** The channel count when `vector` is [1, …, 1, C] against `full` [..., C]; otherwise null. */
function channelCount(full: TensorInfo, vector: TensorInfo): number | null {
  const channels = full.shape[full.shape.length - 1];
  if (full.shape.length === 0 || vector.shape.length === 0) return null;
  if (vector.shape.length > full.shape.length) return null;
  if (vector.shape[vector.shape.length - 1] !== channels) return null;
  if (vector.shape.slice(0, -1).some((size) => size !== 1)) return null;
  return channels;
}

function binaryFastPath(op: ChannelOp) {
  return (args: { inputs: BinaryInputs; backend: BackendWasm }): TensorInfo | null => {
    const { backend } = args;
    const a = args.inputs.a as TensorInfo;
    const b = args.inputs.b as TensorInfo;
    if (a.dtype !== 'float32' || b.dtype !== 'float32') return null;
    const sizeOf = (t: TensorInfo) => t.shape.reduce((product, size) => product * size, 1);
    const vectorIsB = sizeOf(a) >= sizeOf(b);
    const [full, vector] = vectorIsB ? [a, b] : [b, a];
    if (sizeOf(full) === sizeOf(vector)) return null;
    const channels = channelCount(full, vector);
    if (channels === null || channels === 1 || channels % XNNPACK_FAST_ROW === 0) return null;
    const out = backend.makeOutput(full.shape, 'float32');
    applyPerChannel(
      op,
      backend.typedArrayFromHeap(full) as Float32Array,
      backend.typedArrayFromHeap(vector) as Float32Array,
      backend.typedArrayFromHeap(out) as Float32Array,
      channels,
      vectorIsB,
    );
    return out;
  };
}

/** out = full ⊙ vector (vectorIsB) or vector ⊙ full, with vector repeated every `channels`. */
function applyPerChannel(
  op: ChannelOp,
  full: Float32Array,
  vector: Float32Array,
  out: Float32Array,
  channels: number,
  vectorIsB: boolean,
): void {
  // One flat loop per operation and operand order: a callback, or a branch per element or per
  // short channel run, would cost more than the arithmetic.
  const size = full.length;
  if (op === 'mul') {
    for (let i = 0, c = 0; i < size; i++, c = c + 1 === channels ? 0 : c + 1) {
      out[i] = full[i] * vector[c];
    }
  } else if (vectorIsB) {
    for (let i = 0, c = 0; i < size; i++, c = c + 1 === channels ? 0 : c + 1) {
      out[i] = full[i] / vector[c];
    }
  } else {
    for (let i = 0, c = 0; i < size; i++, c = c + 1 === channels ? 0 : c + 1) {
      out[i] = vector[c] / full[i];
    }
  }
}

/** Tile of [1, …, 1, C] along the leading axes only: C values repeated. */
function tileFastPath(args: {
  inputs: TileInputs;
  backend: BackendWasm;
  attrs: TileAttrs;
}): TensorInfo | null {
  const { backend, attrs } = args;
  const x = args.inputs.x as TensorInfo;
  const last = x.shape.length - 1;
  if (x.dtype !== 'float32' || last < 0 || attrs.reps[last] !== 1) return null;
  if (x.shape.slice(0, -1).some((size) => size !== 1)) return null;
  const outShape = x.shape.map((size, axis) => size * attrs.reps[axis]);
  const out = backend.makeOutput(outShape, 'float32');
  const values = backend.typedArrayFromHeap(x) as Float32Array;
  const target = backend.typedArrayFromHeap(out) as Float32Array;
  for (let start = 0; start < target.length; start += values.length) target.set(values, start);
  return out;
}

const binaryOverride = (kernelName: string, op: ChannelOp): WasmKernelOverride => ({
  kernelName,
  fastPath: binaryFastPath(op) as unknown as WasmKernelOverride['fastPath'],
});

export const wasmChannelBroadcastOverrides: WasmKernelOverride[] = [
  binaryOverride(Multiply, 'mul'),
  binaryOverride(RealDiv, 'div'),
  { kernelName: Tile, fastPath: tileFastPath as unknown as WasmKernelOverride['fastPath'] },
];
