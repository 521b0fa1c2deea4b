import { getKernel, registerKernel } from '@tensorflow/tfjs-core';
import { installKernelOverride, type KernelOverride } from '../../kernels';
import { webgpuBatchNormTrainingConfigs } from './batch-norm-training';
import { webgpuConv2DBackpropOverrides } from './conv2d-backprop';
import { webgpuConv2DOverrides } from './direct-conv2d';
import { webgpuMatMulOverrides } from './direct-mat-mul';

const WEBGPU_KERNEL_OVERRIDES: KernelOverride[] = [
  ...webgpuConv2DOverrides,
  ...webgpuConv2DBackpropOverrides,
  ...webgpuMatMulOverrides,
];

/**
 * Registers our BatchNorm training kernels on webgpu and replaces tfjs's webgpu kernels that are
 * slow on LeNet-5's shapes with ours, each falling back to tfjs's for any other case; safe to
 * call again.
 */
export function registerWebgpuTrainingKernels(): void {
  for (const config of webgpuBatchNormTrainingConfigs) {
    if (!getKernel(config.kernelName, config.backendName)) registerKernel(config);
  }
  for (const override of WEBGPU_KERNEL_OVERRIDES) installKernelOverride('webgpu', override);
}
