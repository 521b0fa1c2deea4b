import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { verifySha256 } from '../checksum';
import { datasetFiles, type DatasetFileSpec, type DatasetSpec } from '../dataset-registry';
import { decompressIfGzip, isGzip } from '../decompress';
import type { DatasetSource } from './dataset-source';
import { readDatasetDirectory } from './directory-source';
import { downloadToFile } from './download-file';

export interface MirrorSourceOptions {
  /** Base URL ending in '/', serving `<name>.gz`. */
  mirrorUrl: string;
  cacheDir: string;
  downloadTimeoutMs: number;
}

/** Downloads what the cache lacks, then reads the cache like any dataset directory. */
export function createMirrorSource(spec: DatasetSpec, options: MirrorSourceOptions): DatasetSource {
  return {
    key: `mirror:${options.mirrorUrl}|${options.cacheDir}`,
    description: `${options.mirrorUrl} (cached in ${options.cacheDir})`,
    readFiles: async () => {
      await fillCache(spec, options);
      return readDatasetDirectory(spec, options.cacheDir);
    },
  };
}

async function fillCache(spec: DatasetSpec, options: MirrorSourceOptions): Promise<void> {
  await mkdir(options.cacheDir, { recursive: true });
  const missing = datasetFiles(spec).filter(
    (file) =>
      !existsSync(join(options.cacheDir, file.name)) &&
      !existsSync(join(options.cacheDir, `${file.name}.gz`)),
  );
  // allSettled, not all: rejecting while other downloads still write would leave their
  // partial files behind after the caller has seen the error.
  const results = await Promise.allSettled(missing.map((file) => downloadIntoCache(file, options)));
  const failure = results.find((result) => result.status === 'rejected');
  if (failure !== undefined) throw failure.reason;
}

/**
 * Downloads one file to a uniquely named temporary file in the cache directory and renames it
 * into place only once its checksum is verified, so concurrent workers and interrupted
 * downloads never expose a partial or corrupt file under the official name.
 */
async function downloadIntoCache(
  file: DatasetFileSpec,
  options: MirrorSourceOptions,
): Promise<void> {
  const url = new URL(`${file.name}.gz`, options.mirrorUrl).href;
  const partial = join(
    options.cacheDir,
    `${file.name}.${process.pid}-${randomBytes(4).toString('hex')}.part`,
  );
  try {
    await downloadToFile(url, partial, { idleTimeoutMs: options.downloadTimeoutMs });
    const downloaded = await readFile(partial);
    verifySha256(decompressIfGzip(downloaded, file.name), file.sha256, file.name, url);
    const target = isGzip(downloaded) ? `${file.name}.gz` : file.name;
    await rename(partial, join(options.cacheDir, target));
  } finally {
    await rm(partial, { force: true });
  }
}
