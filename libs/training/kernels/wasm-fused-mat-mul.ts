import {
  _FusedMatMul,
  type _FusedMatMulAttrs,
  type _FusedMatMulInputs,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { KernelOverride } from './kernel-override';
import { simdDenseMatMul } from './wasm-simd-dense-mat-mul';

/**
 * _FusedMatMul on wasm (a dense layer's forward pass where tfjs fuses it: LeNet-5's linear fc3
 * in training, every dense layer in inference) on our SIMD kernel, bias and ReLU included. The
 * stock kernel's XNNPACK operator re-packs the weights whenever they change, i.e. every
 * training step. Linear or ReLU with a rank-1 bias or none; other activations, PReLU weights
 * and the cases `simdDenseMatMul` declines return null (the stock kernel runs).
 */
function fusedMatMulFastPath(args: {
  inputs: _FusedMatMulInputs;
  backend: BackendWasm;
  attrs: _FusedMatMulAttrs;
}): TensorInfo | null {
  const { backend, attrs } = args;
  const { activation } = attrs;
  if (activation !== 'linear' && activation !== 'relu') return null;
  if (args.inputs.preluActivationWeights) return null;
  return simdDenseMatMul(backend, {
    a: args.inputs.a as TensorInfo,
    b: args.inputs.b as TensorInfo,
    transposeA: attrs.transposeA,
    transposeB: attrs.transposeB,
    bias: (args.inputs.bias as TensorInfo | undefined) ?? null,
    relu: activation === 'relu',
  });
}

export const wasmFusedMatMulOverride: KernelOverride = {
  kernelName: _FusedMatMul,
  fastPath: fusedMatMulFastPath as unknown as KernelOverride['fastPath'],
};
