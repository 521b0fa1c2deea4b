import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import {
  lenetSimdKernels,
  lenetSimdKernelsFailure,
} from '@lenet-lab/training/kernels/wasm-simd-kernels';
import { initWasmWithCpuReference } from './kernel-harness';

const ROOT = path.resolve(__dirname, '../../..');
const WASM_FILE = path.join(ROOT, 'libs/training/kernels/simd/lenet-kernels.wasm');
const DATA_SECTION = 11;

beforeAll(initWasmWithCpuReference);

/** The ids of a wasm binary's sections, in order (the binary format's section headers). */
function sectionIds(binary: Uint8Array): number[] {
  const ids: number[] = [];
  let at = 8; // magic and version
  while (at < binary.length) {
    ids.push(binary[at++]);
    let size = 0;
    for (let shift = 0; ; shift += 7) {
      const byte = binary[at++];
      size |= (byte & 0x7f) << shift;
      if (byte < 0x80) break;
    }
    at += size;
  }
  return ids;
}

describe('lenet-kernels.wasm', () => {
  it('is what its AssemblyScript sources compile to', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['tools/build-simd-kernels.mjs', '--check'],
      { cwd: ROOT },
    );
    expect(stdout).toMatch(/matches its sources/);
  });

  it("imports the backend's memory and has no memory, data or imports of its own", () => {
    const binary = readFileSync(WASM_FILE);
    const module = new WebAssembly.Module(binary);
    expect(WebAssembly.Module.imports(module)).toEqual([
      { module: 'env', name: 'memory', kind: 'memory' },
    ]);
    expect(WebAssembly.Module.exports(module).every((e) => e.kind === 'function')).toBe(true);
    expect(sectionIds(binary)).not.toContain(DATA_SECTION);
  });

  it('binds once per backend to the wasm backend it runs on', () => {
    const backend = tf.backend() as BackendWasm;
    const kernels = lenetSimdKernels(backend);
    expect(kernels).not.toBeNull();
    expect(typeof kernels!.conv2dFilterGradientChannelVectors).toBe('function');
    expect(lenetSimdKernels(backend)).toBe(kernels);
  });

  it('names why it cannot bind to a tfjs build that hides its memory, and gives no kernels', () => {
    const hidden = { wasm: { asm: {} } } as unknown as BackendWasm;
    expect(lenetSimdKernels(hidden)).toBeNull();
    expect(lenetSimdKernelsFailure(hidden)).toMatch(/does not expose its memory/);
    expect(lenetSimdKernelsFailure(tf.backend() as BackendWasm)).toBeNull();
  });

  it('names why it cannot bind to a memory it cannot import, instead of throwing', () => {
    const shared = new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
    const backend = { wasm: { asm: { memory: shared } } } as unknown as BackendWasm;
    expect(lenetSimdKernels(backend)).toBeNull();
    expect(lenetSimdKernelsFailure(backend)).toMatch(/could not use tfjs's memory: LinkError/);
  });
});
