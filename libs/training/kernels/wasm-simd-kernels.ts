import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

/**
 * lenet-kernels.wasm: our wasm SIMD kernels (AssemblyScript, `simd/assembly/`), built by
 * `npm run build:kernels` and committed. Every argument named like a tensor is a byte offset
 * into the tfjs wasm backend's memory, which the module imports: the kernels read and write
 * tensors where tfjs keeps them, with no copies in or out.
 */
export interface LenetSimdKernels {
  conv2dFilterGradientSingleChannel(
    x: number,
    dy: number,
    scratch: number,
    out: number,
    batch: number,
    inH: number,
    inW: number,
    outH: number,
    outW: number,
    channels: number,
    k: number,
  ): void;
  conv2dFilterGradientChannelVectors(
    x: number,
    dy: number,
    out: number,
    batch: number,
    inH: number,
    inW: number,
    inChannels: number,
    outH: number,
    outW: number,
    outChannels: number,
    kh: number,
    kw: number,
  ): void;
  maxPool2x2Gradient(
    x: number,
    dy: number,
    dx: number,
    batch: number,
    inH: number,
    inW: number,
    channels: number,
    outH: number,
    outW: number,
  ): void;
  sumLeadingAxes(values: number, out: number, rows: number, channels: number): void;
  batchNormMomentSums(
    x: number,
    count: number,
    period: number,
    origin: number,
    sums: number,
    squares: number,
  ): void;
  batchNormGradientSums(
    dy: number,
    x: number,
    count: number,
    period: number,
    mean: number,
    sumDy: number,
    sumDyCentred: number,
  ): void;
  batchNormScaleShift(
    x: number,
    out: number,
    count: number,
    period: number,
    scale: number,
    shift: number,
  ): void;
  batchNormInputGradient(
    dy: number,
    x: number,
    out: number,
    count: number,
    period: number,
    a: number,
    b: number,
    shift: number,
  ): void;
  /** `bias` 0: no bias. */
  conv2dForwardSingleChannel(
    x: number,
    filter: number,
    bias: number,
    out: number,
    batch: number,
    inH: number,
    inW: number,
    outH: number,
    outW: number,
    outChannels: number,
    kh: number,
    kw: number,
    relu: boolean,
  ): void;
  /** `bias` 0: no bias. */
  conv2dForwardChannelVectors(
    x: number,
    filter: number,
    bias: number,
    out: number,
    batch: number,
    inH: number,
    inW: number,
    inChannels: number,
    outH: number,
    outW: number,
    outChannels: number,
    kh: number,
    kw: number,
    relu: boolean,
  ): void;
  conv2dInputGradient(
    dy: number,
    filter: number,
    scratch: number,
    dx: number,
    batch: number,
    outH: number,
    outW: number,
    outChannels: number,
    inH: number,
    inW: number,
    inChannels: number,
    kh: number,
    kw: number,
  ): void;
  /** Strides in floats; `bias` 0: no bias. */
  denseMatMul(
    a: number,
    aRowStride: number,
    aDepthStride: number,
    b: number,
    bias: number,
    out: number,
    rows: number,
    depth: number,
    cols: number,
    relu: boolean,
  ): void;
  transposeMatrix(from: number, to: number, rows: number, cols: number): void;
  reluGradient(dy: number, x: number, dx: number, length: number): void;
}

/** Floats per wasm SIMD vector (f32x4): the kernels' unit of channels, columns and rows. */
export const F32X4_LANES = 4;

const WASM_FILE = path.join(__dirname, 'simd', 'lenet-kernels.wasm');

/** The emscripten module's heap allocator and raw exports (where its memory is). */
interface EmscriptenModule {
  asm?: { memory?: unknown };
  HEAPF64: Float64Array;
  _malloc(bytes: number): number;
  _free(offset: number): void;
}

const emscripten = (backend: BackendWasm) => backend.wasm as unknown as EmscriptenModule;

/** Why the kernels cannot run, in words for the start-up warning. */
type Failure = { failure: string };
type Binding = { kernels: LenetSimdKernels } | Failure;

let compiled: WebAssembly.Module | Failure | undefined;
const instances = new WeakMap<BackendWasm, Binding>();

/**
 * The kernels bound to this backend's memory, or null where they cannot run (a wasm engine
 * without SIMD, or a tfjs build that does not expose its memory): callers then take the
 * stock path, so a missing fast path costs speed, never results.
 */
export function lenetSimdKernels(backend: BackendWasm): LenetSimdKernels | null {
  const bound = bind(backend);
  return 'kernels' in bound ? bound.kernels : null;
}

/** Why the kernels cannot run on this backend, or null when they can: for the start-up log. */
export function lenetSimdKernelsFailure(backend: BackendWasm): string | null {
  const bound = bind(backend);
  return 'failure' in bound ? bound.failure : null;
}

function bind(backend: BackendWasm): Binding {
  const known = instances.get(backend);
  if (known !== undefined) return known;
  const memory = emscripten(backend).asm?.memory;
  const module = compileOnce();
  let bound: Binding;
  if (!(memory instanceof WebAssembly.Memory)) {
    bound = { failure: 'this tfjs wasm build does not expose its memory (module.asm.memory)' };
  } else if (!(module instanceof WebAssembly.Module)) {
    bound = module;
  } else {
    try {
      const instance = new WebAssembly.Instance(module, { env: { memory } });
      bound = { kernels: instance.exports as unknown as LenetSimdKernels };
    } catch (error) {
      // A memory the module cannot import (shared, or past its declared maximum, say).
      bound = { failure: `lenet-kernels.wasm could not use tfjs's memory: ${error}` };
    }
  }
  instances.set(backend, bound);
  return bound;
}

function compileOnce(): WebAssembly.Module | Failure {
  if (compiled === undefined) {
    try {
      compiled = new WebAssembly.Module(readFileSync(WASM_FILE));
    } catch (error) {
      compiled = { failure: `${path.basename(WASM_FILE)} did not compile: ${error}` };
    }
  }
  return compiled;
}

/** Where tfjs keeps a tensor's values in the backend's memory (a byte offset). */
export function heapOffset(backend: BackendWasm, tensor: TensorInfo): number {
  return backend.dataIdMap.get(tensor.dataId)!.memoryOffset;
}

/** Runs `use` with `bytes` of the backend's heap, freed afterwards (even if `use` throws). */
export function withScratch<T>(backend: BackendWasm, bytes: number, use: (offset: number) => T): T {
  const offset = emscripten(backend)._malloc(bytes);
  try {
    return use(offset);
  } finally {
    emscripten(backend)._free(offset);
  }
}

/**
 * `length` doubles of the backend's heap at `offset`. Make views when using them: any heap
 * allocation may grow the memory, which detaches the views made before it.
 */
export function heapF64(backend: BackendWasm, offset: number, length: number): Float64Array {
  return new Float64Array(emscripten(backend).HEAPF64.buffer, offset, length);
}
