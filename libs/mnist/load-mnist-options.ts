import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadDatasetSettings } from '@lenet-lab/env';
import { DATASET_REGISTRY } from './dataset-registry';

/** Where the files may come from, in the default order of preference. */
export type MnistSourceKind = 'dir' | 'package' | 'mirror';

export const DEFAULT_MNIST_SOURCES: readonly MnistSourceKind[] = ['dir', 'package', 'mirror'];

/** Long enough for a slow mirror, short enough that a stalled one fails a job rather than hanging it. */
export const DEFAULT_DOWNLOAD_TIMEOUT_MS = 30_000;

export interface LoadMnistOptions {
  /**
   * A directory holding the four files, each as `name` or `name.gz`. Default: env MNIST_DIR.
   * When neither is set the 'dir' source is skipped.
   */
  dir?: string;
  /** Base URL serving `<name>.gz`. Default: env MNIST_MIRROR, else the PyTorch S3 mirror. */
  mirrorUrl?: string;
  /** Where downloads are kept. Default: env MNIST_CACHE_DIR, else ~/.cache/lenet-lab/mnist. */
  cacheDir?: string;
  /** Use only the first N training images. Default: null (all 60,000). */
  trainLimit?: number | null;
  /** Use only the first N test images. Default: null (all 10,000). */
  testLimit?: number | null;
  /**
   * Sources to consider, in order; the first one that is configured (dir) or installed
   * (package) is used, and its errors are not masked by falling through to the next.
   * Default: ['dir', 'package', 'mirror'].
   */
  sources?: readonly MnistSourceKind[];
  /** A download fails when no bytes arrive for this long. Default: 30,000 ms. */
  downloadTimeoutMs?: number;
}

export interface ResolvedLoadMnistOptions {
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
  const settings = loadDatasetSettings(env);
  const dir = nonEmpty(options.dir) ?? settings.MNIST_DIR;
  const mirrorUrl =
    nonEmpty(options.mirrorUrl) ?? settings.MNIST_MIRROR ?? DATASET_REGISTRY.mnist.defaultMirrorUrl;
  const cacheDir =
    nonEmpty(options.cacheDir) ??
    settings.MNIST_CACHE_DIR ??
    join(homeDir, '.cache', 'lenet-lab', 'mnist');
  return {
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
