import { evaluateGoals, perCoreRow } from '../../bench/goals';
import type { BenchReport } from '../../bench/report';
import type { TrainingRow } from '../../bench/sections/training';

const wasm: TrainingRow = {
  backend: 'wasm',
  device: 'cpu (wasm simd, 1 thread)',
  images: 60_000,
  imagesPerSecond: 4_000,
};
const cpu: TrainingRow = {
  backend: 'cpu',
  device: 'cpu (plain JavaScript, 1 thread)',
  images: 1_000,
  imagesPerSecond: 20,
};

function report(parts: Partial<BenchReport>): BenchReport {
  return { ran: [], ...parts } as unknown as BenchReport;
}

describe('perCoreRow', () => {
  it('compares wasm with PyTorch rather than plain cpu, and never a multi-threaded backend', () => {
    const gpu: TrainingRow = { backend: 'tensorflow', device: 'cpu (libtensorflow)' };
    expect(perCoreRow([gpu, wasm, cpu])).toBe(wasm);
    expect(perCoreRow([gpu, cpu])).toBe(cpu);
    expect(perCoreRow([gpu, { backend: 'wasm', unavailable: 'no' }])).toBeUndefined();
  });
});

describe('evaluateGoals', () => {
  it('says which goals were met', () => {
    const goals = evaluateGoals(
      report({
        train: [wasm, cpu],
        peer: {
          status: 'measured',
          python: 'python3',
          script: 's',
          threads: 1,
          images: 60_000,
          epochs: 1,
          secondsPerEpoch: 7.5,
          imagesPerSecond: 8_000,
          testAccuracy: 98,
          inferMsPerImage: 0.3,
        },
        latency: [
          { backend: 'tensorflow', unavailable: 'not installed' },
          {
            backend: 'wasm',
            latencies: [{ batchSize: 1, msPerBatch: 0.4, msPerImage: 0.4, calls: 100 }],
          },
        ],
        ablation: { presets: [], options: {} as never, runs: [], ratio: 0.6, idealRatio: 0.5 },
      }),
    );
    expect(goals.map((g) => [g.measured, g.met])).toEqual([
      ['0.50× (wasm)', false],
      ['0.60', false],
      [null, null],
      ['0.400 ms (wasm)', true],
    ]);
  });

  it('reports a failed section as not measured', () => {
    const goals = evaluateGoals(report({ orchestration: { failed: 'redis is down' } }));
    expect(goals.every((g) => g.met === null)).toBe(true);
  });
});
