// Compiles the AssemblyScript kernels (libs/training/kernels/simd/assembly) into
// libs/training/kernels/simd/lenet-kernels.wasm, which is committed so that installing and
// running lenet-lab needs no compiler. `--check` compiles to memory and exits 1 if the
// committed file differs (the test suite runs it), so the binary always matches its source.
import { Buffer } from 'node:buffer';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import asc from 'assemblyscript/asc';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const simdDir = path.join(root, 'libs/training/kernels/simd');
const entry = path.join(simdDir, 'assembly/index.ts');
const output = path.join(simdDir, 'lenet-kernels.wasm');

/**
 * The module imports the tfjs wasm backend's memory and must never write outside the pointers
 * it is given: the stub runtime, no abort messages and no assertions leave it without data
 * segments or heap of its own.
 */
const ASC_FLAGS = [
  '--enable',
  'simd',
  '--importMemory',
  '--noExportMemory',
  '--initialMemory',
  '0',
  '--runtime',
  'stub',
  '--use',
  'abort=',
  '--noAssert',
  '-O3',
];

async function compile() {
  let binary;
  let errors = '';
  const { error } = await asc.main(
    [path.relative(root, entry), '--outFile', 'kernels.wasm', ...ASC_FLAGS],
    {
      baseDir: root,
      stdout: { write: () => true },
      stderr: { write: (text) => ((errors += text), true) },
      writeFile: (name, contents) => {
        if (name.endsWith('.wasm')) binary = Buffer.from(contents);
      },
    },
  );
  if (error || !binary) throw new Error(`AssemblyScript compilation failed:\n${errors || error}`);
  return binary;
}

const binary = await compile();
if (process.argv.includes('--check')) {
  const committed = await readFile(output).catch(() => null);
  if (!committed || !committed.equals(binary)) {
    console.error(
      `${path.relative(root, output)} does not match its sources: run npm run build:kernels`,
    );
    process.exit(1);
  }
  console.log(`${path.relative(root, output)} matches its sources (${binary.length} bytes)`);
} else {
  await writeFile(output, binary);
  console.log(`wrote ${path.relative(root, output)} (${binary.length} bytes)`);
}
