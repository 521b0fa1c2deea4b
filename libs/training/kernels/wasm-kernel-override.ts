import {
  getKernel,
  registerKernel,
  unregisterKernel,
  type KernelConfig,
  type KernelFunc,
} from '@tensorflow/tfjs-core';

/**
 * A faster wasm kernel for the cases LeNet-5 training hits; it returns null for any other
 * case, and the stock kernel it replaced runs instead (it may also call `stock` itself).
 */
export type WasmFastPath = (
  args: Parameters<KernelFunc>[0],
  stock: KernelFunc,
) => ReturnType<KernelFunc> | null;

export interface WasmKernelOverride {
  kernelName: string;
  fastPath: WasmFastPath;
}

const installed = new Map<string, { stock: KernelFunc; ours: KernelFunc }>();

/**
 * Replaces the stock wasm kernel with `fastPath`, falling back to the stock one; safe to call
 * again (a second call keeps the first wrapper, so the fallback is never our own kernel).
 */
export function installWasmKernelOverride({ kernelName, fastPath }: WasmKernelOverride): void {
  const current = getKernel(kernelName, 'wasm');
  if (!current) throw new Error(`wasm has no ${kernelName} kernel to override`);
  if (installed.get(kernelName)?.ours === current.kernelFunc) return;
  const stock = current.kernelFunc;
  const ours: KernelFunc = (args) => fastPath(args, stock) ?? stock(args);
  const config: KernelConfig = { ...current, kernelFunc: ours };
  unregisterKernel(kernelName, 'wasm');
  registerKernel(config);
  installed.set(kernelName, { stock, ours });
}

/** The kernel tfjs-backend-wasm ships, for tests that compare ours with it. */
export function stockWasmKernel(kernelName: string): KernelFunc {
  const entry = installed.get(kernelName);
  if (entry) return entry.stock;
  const kernel = getKernel(kernelName, 'wasm');
  if (!kernel) throw new Error(`wasm has no ${kernelName} kernel`);
  return kernel.kernelFunc;
}
