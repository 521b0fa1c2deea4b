import { performance } from 'node:perf_hooks';
import { initBackend, createLeNet5 } from '@lenet-lab/training';
import { predictDigits } from '@lenet-lab/inference';
async function main() {
  await initBackend({ backend: 'wasm' });
  const model = createLeNet5({ batchNorm: false });
  const images = [new Uint8Array(784).map((_, i) => (i * 31) % 256)];
  const med = (v: number[]) => { const s = [...v].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
  const t0 = performance.now();
  const out: string[] = [];
  for (let w = 0; w < 40; w++) {
    const t: number[] = [];
    for (let i = 0; i < 25; i++) { const s = performance.now(); await predictDigits(model, images); t.push(performance.now() - s); }
    out.push(`${(performance.now() - t0).toFixed(0)}ms:${med(t).toFixed(3)}`);
  }
  console.log(out.join(' '));
}
main();
