import * as tf from '@tensorflow/tfjs-core';
import {
  getGradient,
  registerGradient,
  Relu,
  util,
  type GradConfig,
  type GradFunc,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { heapOffset, lenetSimdKernels } from './wasm-simd-kernels';

/**
 * ReLU's gradient as one kernel of our own, (dy, x) → dx = dy · step(x), on lenet-kernels.wasm.
 * tfjs's gradient, mul(dy, cast(step(x))), runs Step, Cast and Multiply on wasm: a mask as
 * large as the activation is written, then read back with dy (conv1's is 64×24×24×6 floats
 * at batch 64). Here dy and x are read once and dx written once, bit-identical to the stock
 * kernels (see assembly/relu-gradient.ts).
 */
export const RELU_GRAD = 'LenetLabReluGrad';

function reluGrad({
  inputs,
  backend,
}: {
  inputs: { dy: TensorInfo; x: TensorInfo };
  backend: BackendWasm;
}): TensorInfo {
  const { dy, x } = inputs;
  const kernels = lenetSimdKernels(backend);
  // The Relu gradient below only runs this kernel where the module is available.
  if (!kernels) throw new Error(`${RELU_GRAD} needs lenet-kernels.wasm, which cannot run here`);
  const dx = backend.makeOutput(x.shape, 'float32');
  kernels.reluGradient(
    heapOffset(backend, dy),
    heapOffset(backend, x),
    heapOffset(backend, dx),
    util.sizeFromShape(x.shape),
  );
  return dx;
}

export const wasmReluGradConfig: KernelConfig = {
  kernelName: RELU_GRAD,
  backendName: 'wasm',
  kernelFunc: reluGrad as unknown as KernelFunc,
};

/** The gradient tfjs-core registered for Relu, which ours delegates to off the fast path. */
let stockReluGradient: GradConfig | undefined;

const reluGradFunc: GradFunc = (dy, saved, attrs) => {
  const [x] = saved;
  const upstream = dy as tf.Tensor;
  if (!runsOnSimdKernel(upstream, x)) return stockReluGradient!.gradFunc(dy, saved, attrs);
  return { x: () => tf.engine().runKernel(RELU_GRAD, { dy: upstream, x }) as tf.Tensor };
};

function runsOnSimdKernel(dy: tf.Tensor, x: tf.Tensor): boolean {
  return (
    tf.getBackend() === 'wasm' &&
    dy.dtype === 'float32' &&
    x.dtype === 'float32' &&
    util.arraysEqual(dy.shape, x.shape) &&
    tf.getKernel(RELU_GRAD, 'wasm') !== undefined &&
    lenetSimdKernels(tf.backend() as BackendWasm) !== null
  );
}

/**
 * Our kernel's own gradient, for gradients of gradients, as tfjs's formula would give:
 * ∂/∂dy is the same mask applied to ddx, and step(x) is flat, so ∂/∂x is 0.
 */
const reluGradGradient: GradConfig = {
  kernelName: RELU_GRAD,
  inputsToSave: ['x'],
  gradFunc: (ddx, [x]) => ({
    dy: () => tf.engine().runKernel(RELU_GRAD, { dy: ddx as tf.Tensor, x }) as tf.Tensor,
    x: () => tf.zerosLike(x),
  }),
};

/**
 * Makes the Relu gradient run `LenetLabReluGrad` on wasm where lenet-kernels.wasm runs, and
 * tfjs-core's own gradient everywhere else (cpu, tensorflow, other dtypes); safe to call again.
 * Gradients are registered for every backend at once, hence the delegation rather than an
 * override per backend.
 */
export function installWasmReluGradient(): void {
  const current = getGradient(Relu);
  if (!current) throw new Error(`tfjs-core has no ${Relu} gradient to replace`);
  if (current.gradFunc === reluGradFunc) return;
  stockReluGradient = current;
  registerGradient({ ...current, gradFunc: reluGradFunc });
  registerGradient(reluGradGradient);
}
