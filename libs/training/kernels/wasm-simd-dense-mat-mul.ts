import { broadcast_util, type TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { F32X4_LANES, heapOffset, lenetSimdKernels, withScratch } from './wasm-simd-kernels';

/** The kernel's narrowest block is one vector of output columns (assembly/dense-mat-mul.ts). */
const MIN_COLUMNS = F32X4_LANES;

export interface DenseMatMulOperands {
  a: TensorInfo;
  b: TensorInfo;
  transposeA: boolean;
  transposeB: boolean;
  /** Added to every row before the activation; [cols] or absent. */
  bias?: TensorInfo | null;
  relu?: boolean;
}

/**
 * A dense layer's matrix product on lenet-kernels.wasm's `denseMatMul`: a·b with either operand
 * transposed, an optional bias and ReLU. XNNPACK's fully-connected operator packs its weights
 * when it is created, and training hands it new weights (or a new transposed copy) every step,
 * so it re-packs on every call; ours reads both operands where tfjs keeps them (xᵀ through
 * strides) and copies only a transposed b, into scratch.
 *
 * Unbatched products only (every leading dimension 1), float32, at least 4 output columns;
 * null for anything else, or where the SIMD module cannot run, and the caller's fallback runs.
 */
export function simdDenseMatMul(
  backend: BackendWasm,
  operands: DenseMatMulOperands,
): TensorInfo | null {
  const { a, b, transposeA, transposeB } = operands;
  const bias = operands.bias ?? null;
  if (a.dtype !== 'float32' || b.dtype !== 'float32') return null;
  if (a.shape.length < 2 || b.shape.length < 2) return null;
  if (!isUnbatched(a) || !isUnbatched(b)) return null;
  const [aOuter, aInner] = a.shape.slice(-2);
  const [bOuter, bInner] = b.shape.slice(-2);
  const rows = transposeA ? aInner : aOuter;
  const depth = transposeA ? aOuter : aInner;
  const cols = transposeB ? bOuter : bInner;
  if ((transposeB ? bInner : bOuter) !== depth) return null;
  if (rows < 1 || depth < 1 || cols < MIN_COLUMNS) return null;
  if (bias && (bias.dtype !== 'float32' || bias.shape.length !== 1 || bias.shape[0] !== cols)) {
    return null;
  }
  const kernels = lenetSimdKernels(backend);
  if (!kernels) return null;

  const leading = broadcast_util.assertAndGetBroadcastShape(
    a.shape.slice(0, -2),
    b.shape.slice(0, -2),
  );
  const out = backend.makeOutput([...leading, rows, cols], 'float32');
  // A(r, t) is a[r, t] ([rows, depth]) or, transposed, a[t, r] ([depth, rows]).
  const [aRowStride, aDepthStride] = transposeA ? [1, rows] : [depth, 1];
  const run = (bPlain: number) =>
    kernels.denseMatMul(
      heapOffset(backend, a),
      aRowStride,
      aDepthStride,
      bPlain,
      bias ? heapOffset(backend, bias) : 0,
      heapOffset(backend, out),
      rows,
      depth,
      cols,
      operands.relu ?? false,
    );
  if (transposeB) {
    withScratch(backend, depth * cols * 4, (bPlain) => {
      kernels.transposeMatrix(heapOffset(backend, b), bPlain, cols, depth);
      run(bPlain);
    });
  } else {
    run(heapOffset(backend, b));
  }
  return out;
}

/** A matrix with batch dimensions of size 1 only: what the dense layers multiply. */
export function isUnbatched(tensor: TensorInfo): boolean {
  return tensor.shape.slice(0, -2).every((size) => size === 1);
}
