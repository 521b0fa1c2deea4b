import path from 'node:path';

import type { AdapterInfo } from './adapter-description';

/**
 * The parts of WebGPU (as Dawn's node binding gives it) that lenet-lab touches itself; tfjs's
 * webgpu backend uses the device through its own typings.
 */
export interface DawnGpu {
  requestAdapter(options?: {
    powerPreference?: 'high-performance' | 'low-power';
  }): Promise<DawnAdapter | null>;
}

export interface DawnAdapter {
  readonly info: AdapterInfo;
  readonly features: ReadonlySet<string>;
  readonly limits: Readonly<Record<string, number>>;
  requestDevice(descriptor: {
    requiredFeatures?: string[];
    requiredLimits?: Record<string, number>;
  }): Promise<DawnDevice>;
}

export interface DawnDevice {
  readonly lost: Promise<{ reason: string; message: string }>;
  destroy(): void;
}

/** The parts of the `webgpu` package (Dawn's node binding) that lenet-lab uses. */
export interface DawnModule {
  /** A WebGPU entry point (`navigator.gpu`) with Dawn's flags, e.g. ['adapter=H100']. */
  create(flags: string[]): DawnGpu;
  /** GPUBufferUsage, GPUMapMode, …: the constants tfjs's webgpu backend reads as globals. */
  globals: Record<string, unknown>;
}

const WEBGPU_PACKAGE = 'webgpu/package.json';

/**
 * Loads `dawn.node` from the `webgpu` package. The package's entry point is an ES module
 * (which Jest's CommonJS runtime cannot import) that only picks this file by platform and
 * patches GPUDevice.destroy() to unmap buffers, which nothing here calls; so the addon is
 * loaded directly, by the same rule.
 */
export function loadDawn(): DawnModule {
  const packageDir = path.dirname(require.resolve(WEBGPU_PACKAGE));
  const arch = process.platform === 'darwin' ? 'universal' : process.arch;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a native addon
  return require(path.join(packageDir, 'dist', `${process.platform}-${arch}`, 'dawn.node'));
}
