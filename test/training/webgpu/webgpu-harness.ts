import * as tf from '@tensorflow/tfjs-core';
import { initBackend, type BackendInfo } from '@lenet-lab/training';
import type { KernelInput } from '../kernels/kernel-harness';

/**
 * The webgpu backend on a software adapter (SwiftShader from Debian's chromium, which CI
 * installs for the browser tests), with the cpu backend initialised beside it as the reference.
 */
export async function initWebgpuWithCpuReference(): Promise<BackendInfo> {
  await tf.setBackend('cpu');
  return initBackend({ backend: 'webgpu', env: { WEBGPU_ALLOW_SOFTWARE: '1' } });
}

/** Runs a registered kernel directly on `backendName` and reads its outputs back. */
export async function runKernel(
  backendName: 'cpu' | 'webgpu',
  kernelName: string,
  inputs: Record<string, KernelInput>,
  attrs: object,
): Promise<{ values: Float32Array; shape: number[] }[]> {
  const backend = tf.findBackend(backendName)!;
  const infos: Record<string, tf.TensorInfo> = {};
  for (const [name, input] of Object.entries(inputs)) {
    infos[name] = {
      dataId: backend.write(input.values.slice(), input.shape, 'float32'),
      shape: input.shape,
      dtype: 'float32',
    };
  }
  const result = tf.getKernel(kernelName, backendName)!.kernelFunc({
    inputs: infos,
    backend,
    attrs: attrs as tf.NamedAttrMap,
  });
  const outputs = Array.isArray(result) ? result : [result];
  const read = await Promise.all(
    outputs.map(async (out) => ({
      values: Float32Array.from((await backend.read(out.dataId)) as Float32Array),
      shape: out.shape,
    })),
  );
  for (const info of [...Object.values(infos), ...outputs]) backend.disposeData(info.dataId, true);
  return read;
}
