import { getKernel, registerKernel, type KernelConfig } from '@tensorflow/tfjs-core';
import { wasmBatchMatMulOverride } from './wasm-batch-mat-mul';
import { wasmBatchNormTrainingConfigs } from './wasm-batch-norm-training';
import { wasmConv2DBackpropFilterConfig } from './wasm-conv2d-backprop-filter';
import { wasmConv2DBackpropInputOverride } from './wasm-conv2d-backprop-input';
import { wasmFusedMatMulOverride } from './wasm-fused-mat-mul';
import { installKernelOverride, type KernelOverride } from './kernel-override';
import { wasmMaxPoolGradOverride } from './wasm-max-pool-grad';
import { installWasmReluGradient, wasmReluGradConfig } from './wasm-relu-gradient';
import { wasmSharedBufferOverrides } from './wasm-shared-buffer';
import { wasmSimdConv2DOverrides } from './wasm-simd-conv2d';
import { wasmSumLeadingAxesOverride } from './wasm-sum-leading-axes';

export * from './batch-norm-training';
export { createFusedBatchNormalization } from './fused-batch-normalization';
export { createInputConv2D } from './input-conv2d';
export { wasmConv2DBackpropFilterConfig } from './wasm-conv2d-backprop-filter';
export { installKernelOverride, stockKernel, type KernelOverride } from './kernel-override';
export { lenetSimdKernelsFailure } from './wasm-simd-kernels';

/**
 * The gradient kernels that stock tfjs-backend-wasm lacks and LeNet-5 training needs, and our
 * own training-mode BatchNorm and ReLU-gradient kernels.
 */
const WASM_TRAINING_KERNELS: KernelConfig[] = [
  wasmConv2DBackpropFilterConfig,
  ...wasmBatchNormTrainingConfigs,
  wasmReluGradConfig,
];

/**
 * Stock wasm kernels that are slow on LeNet-5's training shapes, each replaced by a fast path
 * for those shapes that falls back to the stock kernel for any other (see docs/performance.md).
 */
const WASM_KERNEL_OVERRIDES: KernelOverride[] = [
  wasmConv2DBackpropInputOverride,
  wasmMaxPoolGradOverride,
  wasmBatchMatMulOverride,
  wasmFusedMatMulOverride,
  ...wasmSharedBufferOverrides,
  ...wasmSimdConv2DOverrides,
  wasmSumLeadingAxesOverride,
];

/**
 * Registers the missing kernels and the faster ones, and points the Relu gradient at ours on
 * wasm (tfjs-core's elsewhere); safe to call again. A later release of the wasm backend that
 * brings its own missing kernel wins (registering twice would throw).
 */
export function registerWasmTrainingKernels(): void {
  for (const config of WASM_TRAINING_KERNELS) {
    if (!getKernel(config.kernelName, config.backendName)) registerKernel(config);
  }
  for (const override of WASM_KERNEL_OVERRIDES) installKernelOverride('wasm', override);
  installWasmReluGradient();
}
