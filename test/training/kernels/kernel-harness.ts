import * as tf from '@tensorflow/tfjs-core';
import { SeededRandom, stockKernel } from '@lenet-lab/training';
import * as simd from '@lenet-lab/training/kernels/wasm-simd-kernels';

/** What LeNet-5's kernels are held to against a reference (of the largest magnitude). */
export const RELATIVE_TOLERANCE = 1e-4;

export interface KernelInput {
  values: Float32Array;
  shape: number[];
}

export function randomInput(shape: number[], seed: number, low = -1, high = 1): KernelInput {
  const random = new SeededRandom(seed);
  const size = shape.reduce((a, b) => a * b, 1);
  return { values: Float32Array.from({ length: size }, () => random.uniform(low, high)), shape };
}

type Runner = (
  backend: tf.KernelBackend,
  kernel: tf.KernelFunc,
  inputs: Record<string, KernelInput>,
  attrs: object,
) => { values: Float32Array; shape: number[] };

/** Calls `kernel` directly on `backend`, so the global backend can stay wasm. */
const runOn: Runner = (backend, kernel, inputs, attrs) => {
  const infos: Record<string, tf.TensorInfo> = {};
  for (const [name, input] of Object.entries(inputs)) {
    infos[name] = {
      dataId: backend.write(input.values.slice(), input.shape, 'float32'),
      shape: input.shape,
      dtype: 'float32',
    };
  }
  const out = kernel({
    inputs: infos,
    backend,
    attrs: attrs as tf.NamedAttrMap,
  }) as tf.TensorInfo;
  const values = Float32Array.from(backend.readSync(out.dataId) as Float32Array);
  for (const info of [...Object.values(infos), out]) backend.disposeData(info.dataId, true);
  return { values, shape: out.shape };
};

/** The cpu backend's kernel: the reference for arithmetic. */
export function runCpu(kernelName: string, inputs: Record<string, KernelInput>, attrs: object) {
  return runOn(tf.findBackend('cpu')!, tf.getKernel(kernelName, 'cpu')!.kernelFunc, inputs, attrs);
}

/** The registered wasm kernel: ours where we override or add one. */
export function runWasm(kernelName: string, inputs: Record<string, KernelInput>, attrs: object) {
  return runOn(
    tf.findBackend('wasm')!,
    tf.getKernel(kernelName, 'wasm')!.kernelFunc,
    inputs,
    attrs,
  );
}

/** The kernel tfjs-backend-wasm ships, which ours replaces. */
export function runStockWasm(
  kernelName: string,
  inputs: Record<string, KernelInput>,
  attrs: object,
) {
  return runOn(tf.findBackend('wasm')!, stockKernel('wasm', kernelName), inputs, attrs);
}

export function maxAbs(values: Float32Array): number {
  let max = 0;
  for (const value of values) max = Math.max(max, Math.abs(value));
  return max;
}

/** max |actual − expected| / max |expected| (or / `scale` when given). */
export function relativeError(
  actual: Float32Array,
  expected: Float32Array,
  scale = maxAbs(expected),
): number {
  if (actual.length !== expected.length) return Infinity;
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
  }
  return scale === 0 ? worst : worst / scale;
}

/** Initialises cpu (so its backend object exists) and then makes wasm the active backend. */
export async function initWasmWithCpuReference(): Promise<void> {
  const { initBackend } = await import('@lenet-lab/training');
  await tf.setBackend('cpu');
  await initBackend({ backend: 'wasm' });
}

/**
 * Runs `run` and returns the names of the lenet-kernels.wasm functions it called, so a test
 * can tell that a shape took the SIMD path rather than a fallback.
 */
export function simdKernelsCalledBy(run: () => void): string[] {
  const called: string[] = [];
  const original = simd.lenetSimdKernels;
  const spy = jest.spyOn(simd, 'lenetSimdKernels').mockImplementation((backend) => {
    const kernels = original(backend);
    if (!kernels) return kernels;
    // The instance's exports are frozen: wrap each function in a plain object instead.
    const counted = Object.entries(kernels).map(([name, kernel]) => [
      name,
      (...args: unknown[]) => {
        called.push(name);
        return (kernel as (...a: unknown[]) => unknown)(...args);
      },
    ]);
    return Object.fromEntries(counted) as unknown as typeof kernels;
  });
  try {
    run();
  } finally {
    spy.mockRestore();
  }
  return called;
}
