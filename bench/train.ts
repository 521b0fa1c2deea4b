/**
 * Training throughput per backend: `npm run bench:train -- [options]`.
 *
 * Each backend runs in a child process of its own, because tfjs picks one backend per
 * process (see libs/training/backend.ts). Timing is the trainer's epochSeconds: the batches
 * and their updates, evaluation excluded.
 *
 *   --backends wasm,cpu   which to try (default: every backend; unavailable ones are reported)
 *   --preset NAME         config preset (default: baseline)
 *   --epochs N            epochs per backend (default: 1; env BENCH_EPOCHS)
 *   --images N            training images per epoch for every backend (env BENCH_IMAGES);
 *                         default 10,000, but 1,000 for cpu (~20 images/s), and all 60,000
 *                         for wasm with --full
 *   --full                wasm trains on all 60,000 images
 *   --batch-size N        default: the preset's (64)
 */
import { spawn } from 'node:child_process';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { resolveConfig } from '@lenet-lab/config';
import { loadMnist } from '@lenet-lab/mnist';
import { BACKEND_CHOICES, train, type BackendChoice, type EpochMetrics } from '@lenet-lab/training';

const DEFAULT_IMAGES = 10_000;
/** Plain-JS cpu trains at ~20 images/s on LeNet-5 (its conv gradients are naive loops). */
const DEFAULT_CPU_IMAGES = 1_000;
const FULL_IMAGES = 60_000;
/** Only for the per-epoch evaluation the trainer always does; it is not timed. */
const TEST_IMAGES = 1_000;
const CHILD_FLAG = '--child';

interface BenchArgs {
  backends: BackendChoice[];
  preset: string;
  epochs: number;
  images: number | null;
  full: boolean;
  batchSize: number | null;
}

interface ChildResult {
  backend: BackendChoice;
  ok: boolean;
  error?: string;
  device?: string;
  tfjsVersion?: string;
  images?: number;
  epochs?: EpochMetrics[];
}

function parseBenchArgs(argv: string[], env: NodeJS.ProcessEnv): BenchArgs {
  const { values } = parseArgs({
    args: argv,
    options: {
      backends: { type: 'string' },
      preset: { type: 'string', default: 'baseline' },
      epochs: { type: 'string' },
      images: { type: 'string' },
      full: { type: 'boolean', default: false },
      'batch-size': { type: 'string' },
    },
    strict: true,
  });
  const positive = (name: string, raw: string | undefined): number | null => {
    if (raw === undefined || raw === '') return null;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 1)
      throw new Error(`${name} must be a positive integer`);
    return value;
  };
  const backends = (values.backends?.split(',') ?? [...BACKEND_CHOICES]).map((b) => b.trim());
  for (const backend of backends) {
    if (!(BACKEND_CHOICES as readonly string[]).includes(backend)) {
      throw new Error(`unknown backend "${backend}"; use ${BACKEND_CHOICES.join(', ')}`);
    }
  }
  return {
    backends: backends as BackendChoice[],
    preset: values.preset!,
    epochs: positive('--epochs', values.epochs ?? env.BENCH_EPOCHS) ?? 1,
    images: positive('--images', values.images ?? env.BENCH_IMAGES),
    full: values.full!,
    batchSize: positive('--batch-size', values['batch-size']),
  };
}

function imagesFor(backend: BackendChoice, args: BenchArgs): number {
  if (args.images !== null) return args.images;
  if (backend === 'cpu') return DEFAULT_CPU_IMAGES;
  return args.full && backend === 'wasm' ? FULL_IMAGES : DEFAULT_IMAGES;
}

async function runChild(backend: BackendChoice, args: BenchArgs): Promise<ChildResult> {
  const images = imagesFor(backend, args);
  try {
    const config = resolveConfig({
      preset: args.preset,
      overrides: {
        epochs: args.epochs,
        trainLimit: images,
        testLimit: TEST_IMAGES,
        validationSplit: 0,
        ...(args.batchSize ? { batchSize: args.batchSize } : {}),
      },
    });
    const dataset = await loadMnist({ trainLimit: images, testLimit: TEST_IMAGES });
    const result = await train({
      config,
      dataset,
      backend,
      onEpochEnd: (m) => {
        process.stderr.write(
          `  ${backend} epoch ${m.epoch}: ${m.epochSeconds.toFixed(1)} s, ` +
            `${Math.round(m.imagesPerSecond)} images/s, test accuracy ${m.testAccuracy}\n`,
        );
      },
    });
    return {
      backend,
      ok: true,
      device: result.device,
      tfjsVersion: result.tfjsVersion,
      images,
      epochs: result.epochs,
    };
  } catch (error) {
    return { backend, ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

function spawnChild(backend: BackendChoice, argv: string[]): Promise<ChildResult> {
  return new Promise((resolve) => {
    // execArgv carries tsx's loader, so the child runs this same TypeScript file.
    const child = spawn(
      process.execPath,
      [...process.execArgv, __filename, CHILD_FLAG, backend, ...argv],
      { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, TRAIN_BACKEND: backend } },
    );
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.on('close', (code) => {
      const line = out.trim().split('\n').at(-1) ?? '';
      try {
        resolve(JSON.parse(line) as ChildResult);
      } catch {
        resolve({ backend, ok: false, error: `child exited with ${code}: ${out.trim()}` });
      }
    });
  });
}

function report(results: ChildResult[], args: BenchArgs, argv: string[]): void {
  const cpus = os.cpus();
  console.log(`command:  npm run bench:train${argv.length ? ` -- ${argv.join(' ')}` : ''}`);
  console.log(
    `machine:  ${cpus[0]?.model ?? 'unknown cpu'}, ${cpus.length} cores, node ${process.version}`,
  );
  console.log(`preset:   ${args.preset}, ${args.epochs} epoch(s)`);
  console.log('');
  console.log('backend         device                            images  s/epoch  images/s');
  for (const r of results) {
    if (!r.ok) {
      console.log(`${r.backend.padEnd(15)} unavailable: ${r.error}`);
      continue;
    }
    const epochs = r.epochs!;
    const seconds = epochs.reduce((sum, m) => sum + m.epochSeconds, 0) / epochs.length;
    console.log(
      `${r.backend.padEnd(15)} ${r.device!.padEnd(33)} ${String(r.images).padStart(6)}  ` +
        `${seconds.toFixed(1).padStart(7)}  ${Math.round(r.images! / seconds)
          .toString()
          .padStart(8)}`,
    );
  }
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv[0] === CHILD_FLAG) {
    const backend = argv[1] as BackendChoice;
    const result = await runChild(backend, parseBenchArgs(argv.slice(2), process.env));
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return;
  }
  const args = parseBenchArgs(argv, process.env);
  const results: ChildResult[] = [];
  // One at a time: concurrent runs would share the machine's two cores and time each other.
  for (const backend of args.backends) results.push(await spawnChild(backend, argv));
  report(results, args, argv);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
