import {
  getKernel,
  registerKernel,
  unregisterKernel,
  type KernelConfig,
  type KernelFunc,
} from '@tensorflow/tfjs-core';

/**
 * A faster kernel for the cases LeNet-5 training hits; it returns null for any other case, and
 * the stock kernel it replaced runs instead (it may also call `stock` itself).
 */
export type KernelFastPath = (
  args: Parameters<KernelFunc>[0],
  stock: KernelFunc,
) => ReturnType<KernelFunc> | null;

export interface KernelOverride {
  kernelName: string;
  fastPath: KernelFastPath;
}

/** Keyed by backend and kernel name. */
const installed = new Map<string, { stock: KernelFunc; ours: KernelFunc }>();

/**
 * Replaces `backendName`'s stock kernel with `fastPath`, falling back to the stock one; safe to
 * call again (a second call keeps the first wrapper, so the fallback is never our own kernel).
 */
export function installKernelOverride(
  backendName: string,
  { kernelName, fastPath }: KernelOverride,
): void {
  const current = getKernel(kernelName, backendName);
  if (!current) throw new Error(`${backendName} has no ${kernelName} kernel to override`);
  const key = `${backendName}/${kernelName}`;
  if (installed.get(key)?.ours === current.kernelFunc) return;
  const stock = current.kernelFunc;
  const ours: KernelFunc = (args) => fastPath(args, stock) ?? stock(args);
  const config: KernelConfig = { ...current, kernelFunc: ours };
  unregisterKernel(kernelName, backendName);
  registerKernel(config);
  installed.set(key, { stock, ours });
}

/** The kernel the backend's package ships, for tests that compare ours with it. */
export function stockKernel(backendName: string, kernelName: string): KernelFunc {
  const entry = installed.get(`${backendName}/${kernelName}`);
  if (entry) return entry.stock;
  const kernel = getKernel(kernelName, backendName);
  if (!kernel) throw new Error(`${backendName} has no ${kernelName} kernel`);
  return kernel.kernelFunc;
}
