import {
  BatchMatMul,
  getKernel,
  Transpose,
  type BatchMatMulAttrs,
  type BatchMatMulInputs,
  type KernelFunc,
  type NamedAttrMap,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { KernelOverride } from './kernel-override';
import { isUnbatched, simdDenseMatMul } from './wasm-simd-dense-mat-mul';

/**
 * BatchMatMul on wasm. Unbatched products with at least 4 output columns (all of LeNet-5's
 * dense layers, forward and both gradients) run on our SIMD kernel (`simdDenseMatMul`).
 * Otherwise: the stock kernel sends only untransposed, unbatched products to XNNPACK and
 * everything else to a scalar triple loop, ~10× slower; transposing an operand first (the wasm
 * Transpose kernel, a few µs for LeNet's sizes) puts unbatched transposed products on XNNPACK.
 */
function batchMatMulFastPath(
  args: { inputs: BatchMatMulInputs; backend: BackendWasm; attrs: BatchMatMulAttrs },
  stock: KernelFunc,
): TensorInfo | null {
  const { backend, attrs } = args;
  const a = args.inputs.a as TensorInfo;
  const b = args.inputs.b as TensorInfo;
  const simd = simdDenseMatMul(backend, {
    a,
    b,
    transposeA: attrs.transposeA,
    transposeB: attrs.transposeB,
  });
  if (simd) return simd;
  if (!attrs.transposeA && !attrs.transposeB) return null;
  if (!isUnbatched(a) || !isUnbatched(b) || a.dtype !== 'float32' || b.dtype !== 'float32') {
    return null;
  }
  const transpose = getKernel(Transpose, 'wasm');
  if (!transpose) return null;
  const swapLastTwo = (t: TensorInfo): TensorInfo => {
    const perm = t.shape.map((_, axis) => axis);
    [perm[perm.length - 2], perm[perm.length - 1]] = [perm[perm.length - 1], perm[perm.length - 2]];
    return transpose.kernelFunc({
      inputs: { x: t },
      backend,
      attrs: { perm } as unknown as NamedAttrMap,
    }) as TensorInfo;
  };
  const temporaries: TensorInfo[] = [];
  const aPlain = attrs.transposeA ? swapLastTwo(a) : a;
  const bPlain = attrs.transposeB ? swapLastTwo(b) : b;
  if (aPlain !== a) temporaries.push(aPlain);
  if (bPlain !== b) temporaries.push(bPlain);
  const out = stock({
    inputs: { a: aPlain, b: bPlain },
    backend,
    attrs: { ...attrs, transposeA: false, transposeB: false } as unknown as NamedAttrMap,
  }) as TensorInfo;
  // Disposing a transposed b also drops the XNNPACK operator cached for it as "weights".
  for (const temporary of temporaries) backend.disposeData(temporary.dataId);
  return out;
}

export const wasmBatchMatMulOverride: KernelOverride = {
  kernelName: BatchMatMul,
  fastPath: batchMatMulFastPath as unknown as KernelOverride['fastPath'],
};
