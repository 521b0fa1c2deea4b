import path from 'node:path';
import { parseArgs } from 'node:util';
import { MAX_EPOCHS } from '@lenet-lab/config';
import { DEFAULT_REDIS_URL, loadServiceOverrides } from '@lenet-lab/env';
import { DATASET_REGISTRY } from '@lenet-lab/mnist';
import { BACKEND_CHOICES, type BackendChoice } from '@lenet-lab/training';

/** The parts of `npm run bench`, in the order they run. */
export const SECTIONS = ['train', 'peer', 'latency', 'gpu', 'orchestration', 'ablation'] as const;
export type Section = (typeof SECTIONS)[number];

export const REPO_ROOT = path.resolve(__dirname, '..');
/** Where CI and every checkout keep the shared folder: beside the repository. */
export const DEFAULT_PEER_SCRIPT = path.resolve(REPO_ROOT, '../shared/peer/seed_lenet.py');
/** A database of the bench's own, so its rows never mix with real experiments. */
export const DEFAULT_BENCH_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/lenet_lab_bench';
export const MNIST_TRAIN_IMAGES = DATASET_REGISTRY.mnist.trainImages;
export const MNIST_TEST_IMAGES = DATASET_REGISTRY.mnist.testImages;

export interface AblationOptions {
  trainLimit: number;
  testLimit: number;
  epochs: number;
  seeds: number[];
  /** Worker counts to time the same ablation with; the ratio is last / first. */
  workers: number[];
}

export interface BenchOptions {
  /** Default: every section. */
  sections: Section[];
  /** Backends the training and latency sections try. Default: all four. */
  backends: BackendChoice[];
  /** Epochs of the training, PyTorch and orchestration runs. Default: 1. */
  epochs: number;
  /** Training images per epoch on the fast backends (and PyTorch). Default: 60,000. */
  images: number;
  /** Training images on plain cpu, ~20 images/s. Default: 1,000. */
  cpuImages: number;
  /** The seed's PyTorch script. Default: ../shared/peer/seed_lenet.py beside the repository. */
  peerScript: string;
  /** A python3 to try first for the peer (then python3 on PATH, then /usr/bin/python3). */
  python: string | null;
  /** Per-epoch writes timed for the median. Default: 100. */
  writes: number;
  /** Warm runs through the system and direct runs for the orchestration share. Default: 2. */
  repeats: number;
  ablation: AblationOptions;
  /** Batch sizes of the gpu section. Default: 64, 256, 1024. */
  gpuBatches: number[];
  /** Training steps timed on Dawn's null adapter per batch size. Default: 200. */
  hostSteps: number;
  databaseUrl: string;
  redisUrl: string;
  /** Where to save the numbers as JSON, if anywhere. */
  jsonFile: string | null;
  quick: boolean;
}

/** A flag the bench cannot use; the message names it. */
export class BenchUsageError extends Error {
  readonly code = 'BENCH_USAGE';
  constructor(message: string) {
    super(message);
    this.name = 'BenchUsageError';
  }
}

/** The defaults, and the smaller ones of `--quick` (a smoke run of a couple of minutes). */
const FULL = {
  images: MNIST_TRAIN_IMAGES,
  cpuImages: 1_000,
  writes: 100,
  repeats: 2,
  hostSteps: 200,
  ablation: { trainLimit: 5_000, testLimit: 2_000, epochs: 3 },
};
const QUICK: typeof FULL = {
  images: 5_000,
  cpuImages: 200,
  writes: 20,
  repeats: 1,
  hostSteps: 50,
  ablation: { trainLimit: 1_000, testLimit: 500, epochs: 1 },
};

const FLAGS = {
  only: { type: 'string' },
  backends: { type: 'string' },
  epochs: { type: 'string' },
  images: { type: 'string' },
  'cpu-images': { type: 'string' },
  peer: { type: 'string' },
  python: { type: 'string' },
  writes: { type: 'string' },
  repeats: { type: 'string' },
  'ablation-train': { type: 'string' },
  'ablation-test': { type: 'string' },
  'ablation-epochs': { type: 'string' },
  'ablation-seeds': { type: 'string' },
  'ablation-workers': { type: 'string' },
  'gpu-batches': { type: 'string' },
  json: { type: 'string' },
  quick: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const USAGE = `npm run bench -- [options]

  --only LIST             sections to run: ${SECTIONS.join(',')} (default: all)
  --backends LIST         ${BACKEND_CHOICES.join(',')} (default: all; unavailable ones are reported)
  --epochs N              epochs of the training, PyTorch and orchestration runs (default: 1)
  --images N              training images on the fast backends and PyTorch (default: 60000)
  --cpu-images N          training images on plain cpu, ~20 images/s (default: 1000)
  --peer PATH             the seed's PyTorch script (default: ../shared/peer/seed_lenet.py)
  --python PATH           a python3 with torch, tried before python3 and /usr/bin/python3
  --writes N              per-epoch metric + checkpoint writes timed (default: 100)
  --repeats N             system and direct runs for the orchestration share (default: 2)
  --ablation-train N      ablation training images (default: 5000)
  --ablation-test N       ablation test images (default: 2000)
  --ablation-epochs N     ablation epochs (default: 3)
  --ablation-seeds LIST   ablation seeds (default: 1)
  --ablation-workers LIST worker processes to compare (default: 1,2)
  --gpu-batches LIST      batch sizes of the gpu section (default: 64,256,1024)
  --json FILE             also save the numbers as JSON
  --quick                 a short smoke run: small subsets everywhere
  -h, --help              this text

Environment: DATABASE_URL (default ${DEFAULT_BENCH_DATABASE_URL}, created and migrated),
REDIS_URL (default ${DEFAULT_REDIS_URL}), TRAIN_BACKEND (the workers' backend).`;

/** Returns null for --help; throws BenchUsageError naming the first bad flag. */
export function parseBenchOptions(argv: string[], env: NodeJS.ProcessEnv): BenchOptions | null {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({ args: argv, options: FLAGS, strict: true, allowPositionals: false }));
  } catch (error) {
    throw new BenchUsageError(`${(error as Error).message} (npm run bench -- --help lists them)`);
  }
  if (values.help) return null;
  const str = (name: keyof typeof FLAGS) => values[name] as string | undefined;
  const base = values.quick ? QUICK : FULL;
  const services = loadServiceOverrides(env);
  return {
    sections: parseList('--only', str('only'), SECTIONS) ?? [...SECTIONS],
    backends: parseList('--backends', str('backends'), BACKEND_CHOICES) ?? [...BACKEND_CHOICES],
    epochs: positiveInt('--epochs', str('epochs'), MAX_EPOCHS) ?? 1,
    images: positiveInt('--images', str('images'), MNIST_TRAIN_IMAGES) ?? base.images,
    cpuImages: positiveInt('--cpu-images', str('cpu-images'), MNIST_TRAIN_IMAGES) ?? base.cpuImages,
    peerScript: path.resolve(str('peer') ?? DEFAULT_PEER_SCRIPT),
    python: nonEmpty('--python', str('python')),
    writes: positiveInt('--writes', str('writes')) ?? base.writes,
    repeats: positiveInt('--repeats', str('repeats')) ?? base.repeats,
    ablation: {
      trainLimit:
        positiveInt('--ablation-train', str('ablation-train'), MNIST_TRAIN_IMAGES) ??
        base.ablation.trainLimit,
      testLimit:
        positiveInt('--ablation-test', str('ablation-test'), MNIST_TEST_IMAGES) ??
        base.ablation.testLimit,
      epochs:
        positiveInt('--ablation-epochs', str('ablation-epochs'), MAX_EPOCHS) ??
        base.ablation.epochs,
      seeds: positiveIntList('--ablation-seeds', str('ablation-seeds')) ?? [1],
      workers: positiveIntList('--ablation-workers', str('ablation-workers')) ?? [1, 2],
    },
    gpuBatches: positiveIntList('--gpu-batches', str('gpu-batches')) ?? [64, 256, 1024],
    hostSteps: base.hostSteps,
    databaseUrl: services.DATABASE_URL ?? DEFAULT_BENCH_DATABASE_URL,
    redisUrl: services.REDIS_URL ?? DEFAULT_REDIS_URL,
    jsonFile: nonEmpty('--json', str('json')),
    quick: values.quick === true,
  };
}

export function positiveInt(flag: string, raw: string | undefined, max = Infinity) {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isInteger(value) || value < 1 || value > max) {
    const range = Number.isFinite(max) ? ` from 1 to ${max}` : '';
    throw new BenchUsageError(`${flag} must be a positive integer${range}, not "${raw}"`);
  }
  return value;
}

function positiveIntList(flag: string, raw: string | undefined): number[] | undefined {
  if (raw === undefined) return undefined;
  return splitList(flag, raw).map((item) => positiveInt(flag, item)!);
}

export function parseList<T extends string>(
  flag: string,
  raw: string | undefined,
  allowed: readonly T[],
): T[] | undefined {
  if (raw === undefined) return undefined;
  const items = splitList(flag, raw);
  for (const item of items) {
    if (!(allowed as readonly string[]).includes(item)) {
      throw new BenchUsageError(`${flag}: unknown "${item}"; use ${allowed.join(', ')}`);
    }
  }
  // In the canonical order, once each: the sections run in a fixed order anyway.
  return allowed.filter((name) => items.includes(name));
}

function splitList(flag: string, raw: string): string[] {
  const items = raw
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  if (items.length === 0) throw new BenchUsageError(`${flag} needs at least one value`);
  return items;
}

function nonEmpty(flag: string, raw: string | undefined): string | null {
  if (raw === undefined) return null;
  if (raw.trim() === '') throw new BenchUsageError(`${flag} needs a value`);
  return raw;
}
