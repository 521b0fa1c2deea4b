import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DatasetFileMissingError } from '../dataset-errors';
import { datasetFiles, type DatasetSpec } from '../dataset-registry';
import { decompressIfGzip } from '../decompress';
import type { DatasetSource } from './dataset-source';

export function createDirectorySource(spec: DatasetSpec, dir: string): DatasetSource {
  return {
    key: `dir:${dir}`,
    description: `directory ${dir}`,
    readFiles: () => readDatasetDirectory(spec, dir),
  };
}

/** Reads each file as `name` or else `name.gz`, decompressing by content. */
export async function readDatasetDirectory(
  spec: DatasetSpec,
  dir: string,
): Promise<Record<string, Buffer>> {
  const entries = await Promise.all(
    datasetFiles(spec).map(async (file) => {
      const bytes = await readFirstExisting([join(dir, file.name), join(dir, `${file.name}.gz`)]);
      if (bytes === null) {
        throw new DatasetFileMissingError(file.name, [
          join(dir, file.name),
          join(dir, `${file.name}.gz`),
        ]);
      }
      return [file.name, decompressIfGzip(bytes, file.name)] as const;
    }),
  );
  return Object.fromEntries(entries);
}

async function readFirstExisting(paths: readonly string[]): Promise<Buffer | null> {
  for (const path of paths) {
    try {
      return await readFile(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  return null;
}
