import { performance } from 'node:perf_hooks';
import { initBackend, createLeNet5 } from '@lenet-lab/training';
import { predictDigits } from '@lenet-lab/inference';
async function main() {
  await initBackend({ backend: 'wasm' });
  const model = createLeNet5({ batchNorm: false });
  for (const bs of [1, 256]) {
  const images = Array.from({ length: bs }, (_, n) => new Uint8Array(784).map((_, i) => (i * 31 + n) % 256));
  for (let i = 0; i < 50; i++) await predictDigits(model, images);
  const wall: number[] = [], cpu: number[] = [], both: number[] = [];
  const t0 = performance.now();
  while (performance.now() - t0 < 1000) {
    const c0 = process.cpuUsage(); const w0 = performance.now();
    await predictDigits(model, images);
    const w = performance.now() - w0; const c = process.cpuUsage(c0); const cm = (c.user + c.system) / 1000;
    wall.push(w); cpu.push(cm); both.push(Math.min(w, cm));
  }
  const med = (v: number[]) => { const s = [...v].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
  console.log(bs, 'calls', wall.length, 'wall', med(wall).toFixed(3), 'cpu', med(cpu).toFixed(3), 'min', med(both).toFixed(3), 'wallmin', Math.min(...wall).toFixed(3));
  }
}
main();
