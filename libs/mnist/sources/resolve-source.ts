import { DatasetUnavailableError } from '../dataset-errors';
import type { DatasetSpec } from '../dataset-registry';
import type { ResolvedLoadMnistOptions } from '../load-mnist-options';
import type { DatasetSource } from './dataset-source';
import { createDirectorySource } from './directory-source';
import { createMirrorSource } from './mirror-source';
import { createPackageSource, packageDataDir } from './package-source';

/**
 * The first source in `options.sources` that is configured (dir) or installed (package).
 * Once chosen, its errors propagate: silently falling back from a broken directory or package
 * would train on files nobody chose and hide the damage.
 */
export function resolveSource(spec: DatasetSpec, options: ResolvedLoadMnistOptions): DatasetSource {
  const skipped: string[] = [];
  for (const kind of options.sources) {
    if (kind === 'dir') {
      if (options.dir !== null) return createDirectorySource(spec, options.dir);
      skipped.push("'dir' (neither the dir option nor MNIST_DIR is set)");
    } else if (kind === 'package') {
      const dataDir = packageDataDir(spec);
      if (dataDir !== null) return createPackageSource(spec, dataDir);
      skipped.push(
        `'package' (${spec.npmPackage?.name ?? 'no package'} is not installed or incomplete)`,
      );
    } else {
      return createMirrorSource(spec, options);
    }
  }
  throw new DatasetUnavailableError(
    skipped.length > 0 ? `skipped ${skipped.join(', ')}` : 'the sources list is empty',
  );
}
