import { parseArgs } from 'node:util';
import { resolveConfig } from '@lenet-lab/config';
import { BACKEND_CHOICES, type BackendChoice } from '@lenet-lab/training';
import { BenchUsageError, MNIST_TRAIN_IMAGES, parseList, positiveInt } from './options';

/** `npm run bench:train`: training throughput only, on a 10,000-image subset by default. */
export interface TrainBenchOptions {
  backends: BackendChoice[];
  preset: string;
  epochs: number;
  /** Training images for every backend; null: the per-backend defaults below. */
  images: number | null;
  /** wasm trains on all 60,000 images. */
  full: boolean;
  batchSize: number | null;
  /** `--config JSON`: config fields over the preset's, checked as an experiment's are. */
  overrides: Record<string, unknown>;
}

const DEFAULT_IMAGES = 10_000;
/** Plain-JS cpu trains at ~20 images/s on LeNet-5 (its conv gradients are naive loops). */
const DEFAULT_CPU_IMAGES = 1_000;

export function parseTrainBenchOptions(argv: string[], env: NodeJS.ProcessEnv): TrainBenchOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        backends: { type: 'string' },
        preset: { type: 'string', default: 'baseline' },
        epochs: { type: 'string' },
        images: { type: 'string' },
        full: { type: 'boolean', default: false },
        'batch-size': { type: 'string' },
        config: { type: 'string' },
      },
      strict: true,
    }));
  } catch (error) {
    throw new BenchUsageError((error as Error).message);
  }
  return {
    backends: parseList('--backends', values.backends, BACKEND_CHOICES) ?? [...BACKEND_CHOICES],
    preset: values.preset!,
    epochs: positiveInt('--epochs', values.epochs ?? env.BENCH_EPOCHS) ?? 1,
    images: positiveInt('--images', values.images ?? env.BENCH_IMAGES, MNIST_TRAIN_IMAGES) ?? null,
    full: values.full!,
    batchSize: positiveInt('--batch-size', values['batch-size']) ?? null,
    overrides: configOverrides(values.preset!, values.config),
  };
}

/** The --config JSON, refused here (not in a child) when it is not a valid config change. */
function configOverrides(preset: string, text: string | undefined): Record<string, unknown> {
  if (text === undefined) return {};
  let overrides: unknown;
  try {
    overrides = JSON.parse(text);
  } catch {
    throw new BenchUsageError(`--config is not JSON: ${text}`);
  }
  if (typeof overrides !== 'object' || overrides === null || Array.isArray(overrides)) {
    throw new BenchUsageError(`--config must be a JSON object, not ${text}`);
  }
  try {
    resolveConfig({ preset, overrides: overrides as Record<string, unknown> });
  } catch (error) {
    throw new BenchUsageError(`--config: ${(error as Error).message}`);
  }
  return overrides as Record<string, unknown>;
}

export function trainImagesFor(backend: BackendChoice, options: TrainBenchOptions): number {
  if (options.images !== null) return options.images;
  if (backend === 'cpu') return DEFAULT_CPU_IMAGES;
  return options.full && backend === 'wasm' ? MNIST_TRAIN_IMAGES : DEFAULT_IMAGES;
}
