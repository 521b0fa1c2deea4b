import { getKernel, registerKernel, type KernelConfig } from '@tensorflow/tfjs-core';
import { wasmConv2DBackpropFilterConfig } from './wasm-conv2d-backprop-filter';

export { wasmConv2DBackpropFilterConfig } from './wasm-conv2d-backprop-filter';

/** The gradient kernels that stock tfjs-backend-wasm lacks and LeNet-5 training needs. */
const WASM_TRAINING_KERNELS: KernelConfig[] = [wasmConv2DBackpropFilterConfig];

/**
 * Registers the missing kernels; safe to call again. A later release of the wasm backend that
 * brings its own kernel wins (registering twice would throw).
 */
export function registerWasmTrainingKernels(): void {
  for (const config of WASM_TRAINING_KERNELS) {
    if (!getKernel(config.kernelName, config.backendName)) registerKernel(config);
  }
}
