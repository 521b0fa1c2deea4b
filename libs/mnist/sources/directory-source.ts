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

/**
 * Reads each file as `name` or else `name.gz`, decompressing by content. Reads run in parallel,
 * but a missing file is reported in the registry's order, so the error names the same file on
 * every run whichever read finishes first.
 */
export async function readDatasetDirectory(
  spec: DatasetSpec,
  dir: string,
): Promise<Record<string, Buffer>> {
  const files = datasetFiles(spec);
  const candidates = files.map((file) => [join(dir, file.name), join(dir, `${file.name}.gz`)]);
  const contents = await Promise.all(candidates.map(readFirstExisting));
  return Object.fromEntries(
    files.map((file, index) => {
      const bytes = contents[index];
      if (bytes === null) throw new DatasetFileMissingError(file.name, candidates[index]);
      return [file.name, decompressIfGzip(bytes, file.name)] as const;
    }),
  );
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
