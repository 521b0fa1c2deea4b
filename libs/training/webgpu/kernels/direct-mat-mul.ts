import {
  BatchMatMul,
  _FusedMatMul,
  type BatchMatMulAttrs,
  type TensorInfo,
  type _FusedMatMulAttrs,
} from '@tensorflow/tfjs-core';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import type { KernelOverride } from '../../kernels';
import { runFlatProgram } from './flat-program';

/**
 * Products up to this inner size take the direct kernel. LeNet's largest is 256 (fc1), or the
 * batch for a weight gradient; tfjs's tiled kernel wins on the large products it is built for.
 */
const MAX_INNER = 2048;

interface MatMulArgs {
  inputs: { a: TensorInfo; b: TensorInfo; bias?: TensorInfo; preluActivationWeights?: TensorInfo };
  backend: WebGPUBackend;
  attrs: BatchMatMulAttrs & Partial<Pick<_FusedMatMulAttrs, 'activation'>>;
}

/**
 * A dense layer's products, forward and backward (either operand transposed), as one
 * invocation per output value over the inner dimension in order; with _FusedMatMul's bias
 * (one per column) and ReLU after. tfjs's webgpu kernel tiles through workgroup memory, which
 * on SwiftShader costs more than the arithmetic at LeNet's sizes (fc1's 64×256×120 took 60 ms).
 * Batched products (a leading dimension other than 1), other activations and large products
 * return null and run tfjs's kernel.
 */
function directMatMul({ inputs, backend, attrs }: MatMulArgs): TensorInfo | null {
  const { a, b, bias, preluActivationWeights } = inputs;
  const activation = attrs.activation ?? 'linear';
  if (preluActivationWeights || (activation !== 'linear' && activation !== 'relu')) return null;
  if (a.dtype !== 'float32' || b.dtype !== 'float32') return null;
  const aMatrix = asMatrix(a.shape);
  const bMatrix = asMatrix(b.shape);
  if (!aMatrix || !bMatrix || a.shape.length !== b.shape.length) return null;
  const [m, k] = attrs.transposeA ? [aMatrix[1], aMatrix[0]] : aMatrix;
  const [kb, n] = attrs.transposeB ? [bMatrix[1], bMatrix[0]] : bMatrix;
  if (k !== kb || k > MAX_INNER) return null;
  if (bias && (bias.shape.length !== 1 || bias.shape[0] !== n)) return null;
  // a[row, i] and b[i, col] as flat offsets, for either layout of each.
  const aAt = attrs.transposeA ? `i * ${m} + row` : `row * ${k} + i`;
  const bAt = attrs.transposeB ? `col * ${k} + i` : `i * ${n} + col`;
  return runFlatProgram(
    backend,
    {
      shaderKey:
        `lenetMatMul_${m}x${k}x${n}_${attrs.transposeA}_${attrs.transposeB}` +
        `_${bias !== undefined}_${activation}`,
      outputShape: a.shape.length === 3 ? [1, m, n] : [m, n],
      variableNames: bias ? ['a', 'b', 'bias'] : ['a', 'b'],
      main: `
      fn main(index : i32) {
        if (index >= uniforms.size) { return; }
        let row = index / ${n};
        let col = index % ${n};
        var sum = 0.0;
        for (var i = 0; i < ${k}; i++) {
          sum = sum + a[${aAt}] * b[${bAt}];
        }
        ${bias ? 'sum = sum + bias[col];' : ''}
        ${activation === 'relu' ? 'sum = max(sum, 0.0);' : ''}
        result[index] = sum;
      }`,
    },
    bias ? [a, b, bias] : [a, b],
  );
}

/** A rank-2 shape, or rank 3 with a leading 1, as [rows, columns]; null otherwise. */
function asMatrix(shape: number[]): [number, number] | null {
  if (shape.length === 2) return [shape[0], shape[1]];
  if (shape.length === 3 && shape[0] === 1) return [shape[1], shape[2]];
  return null;
}

const fastPath = directMatMul as unknown as KernelOverride['fastPath'];

export const webgpuMatMulOverrides: KernelOverride[] = [
  { kernelName: BatchMatMul, fastPath },
  { kernelName: _FusedMatMul, fastPath },
];
