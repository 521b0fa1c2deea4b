import {
  Cast,
  Identity,
  type CastAttrs,
  type CastInputs,
  type IdentityInputs,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { KernelOverride } from './kernel-override';

/**
 * Identity, and Cast to the dtype the tensor already has, on wasm without a copy: the output
 * shares the input's buffer (reference-counted, as the wasm backend's own Reshape and the cpu
 * backend's Identity do). The stock kernels copy the buffer; tfjs clones every tensor a
 * gradient function saves, a copy of a whole activation each (~0.15 ms at 64×24×24×6; three
 * of conv1's size per BatchNorm step, profiled after the third round of kernels). Tensors are
 * immutable, so a shared buffer is indistinguishable from a copy.
 */
function shareBuffer(x: TensorInfo, backend: BackendWasm): TensorInfo {
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

function identityFastPath(args: {
  inputs: IdentityInputs;
  backend: BackendWasm;
}): TensorInfo | null {
  const x = args.inputs.x as TensorInfo;
  return x.dtype === 'string' ? null : shareBuffer(x, args.backend);
}

function castFastPath(args: {
  inputs: CastInputs;
  backend: BackendWasm;
  attrs: CastAttrs;
}): TensorInfo | null {
  const x = args.inputs.x as TensorInfo;
  if (x.dtype === 'string' || x.dtype !== args.attrs.dtype) return null;
  return shareBuffer(x, args.backend);
}

export const wasmSharedBufferOverrides: KernelOverride[] = [
  { kernelName: Identity, fastPath: identityFastPath as unknown as KernelOverride['fastPath'] },
  { kernelName: Cast, fastPath: castFastPath as unknown as KernelOverride['fastPath'] },
];
