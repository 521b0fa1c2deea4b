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
          device: 'cpu',
          batch: 64,
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
      [null, null],
    ]);
  });

  const SOFTWARE = 'software (SwiftShader Device (Subzero), Vulkan; google swiftshader)';
  const H100 = 'gpu (NVIDIA H100 80GB HBM3, Vulkan; nvidia hopper)';
  const peerOnCuda = (imagesPerSecond: number) =>
    ({ status: 'measured', device: 'cuda', batch: 64, imagesPerSecond }) as never;

  it("never takes a software adapter's latency for the workers' prediction latency", () => {
    const latency = [
      {
        backend: 'webgpu' as const,
        device: SOFTWARE,
        latencies: [{ batchSize: 1, msPerBatch: 5, msPerImage: 5, calls: 9 }],
      },
      {
        backend: 'wasm' as const,
        device: 'cpu (wasm simd, 1 thread)',
        latencies: [{ batchSize: 1, msPerBatch: 0.3, msPerImage: 0.3, calls: 99 }],
      },
    ];
    const single = evaluateGoals(report({ latency })).find(
      (g) => g.name === 'single-image prediction',
    );
    expect(single).toMatchObject({ measured: '0.300 ms (wasm)', met: true });
  });

  it('compares webgpu with PyTorch on CUDA at the seed’s batch size, when both ran on the GPU', () => {
    const gpuGoal = (rows: unknown[]) =>
      evaluateGoals(report({ gpu: rows as never })).find((g) => g.name.startsWith('webgpu vs'));
    const batch = (batchSize: number, imagesPerSecond: number, cuda: number) => ({
      batchSize,
      webgpu: { backend: 'webgpu', device: H100, imagesPerSecond },
      host: { unavailable: 'n/a' },
      cuda: peerOnCuda(cuda),
    });
    expect(gpuGoal([batch(64, 45_000, 50_000), batch(1024, 300_000, 100_000)])).toMatchObject({
      measured: `0.90× (${H100})`,
      met: false,
    });
    const skipped = {
      batchSize: 64,
      webgpu: { backend: 'webgpu', device: SOFTWARE, imagesPerSecond: 100 },
      host: { unavailable: 'n/a' },
      cuda: { status: 'skipped', reason: 'software' },
    };
    expect(gpuGoal([skipped])).toMatchObject({ measured: null, met: null });
  });

  it('reports a failed section as not measured', () => {
    const goals = evaluateGoals(report({ orchestration: { failed: 'redis is down' } }));
    expect(goals.every((g) => g.met === null)).toBe(true);
  });
});
