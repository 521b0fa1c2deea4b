import { DatasetUnavailableError } from '../dataset-errors';
import type { DatasetSpec } from '../dataset-registry';
import type { ResolvedLoadMnistOptions } from '../load-mnist-options';
import type { DatasetSource } from './dataset-source';
import { createDirectorySource } from './directory-source';
import { createMirrorSource } from './mirror-source';
import { createPackageSource, describePackages, installedPackage } from './package-source';

/**
 * The first source in `options.sources` that is configured (dir) or installed (package: an npm
 * or a Debian package). Once chosen, its errors propagate: silently falling back from a broken directory or package
 * would train on files nobody chose and hide the damage.
 */
export function resolveSource(spec: DatasetSpec, options: ResolvedLoadMnistOptions): DatasetSource {
  const skipped: string[] = [];
  for (const kind of options.sources) {
    if (kind === 'dir') {
      if (options.dir !== null) return createDirectorySource(spec, options.dir);
      skipped.push(`'dir' (neither the dir option nor ${spec.envPrefix}_DIR is set)`);
    } else if (kind === 'package') {
      const installed = installedPackage(spec);
      if (installed !== null) return createPackageSource(spec, installed);
      skipped.push(`'package' (${describePackages(spec)}: not installed or incomplete)`);
    } else {
      return createMirrorSource(spec, options);
    }
  }
  throw new DatasetUnavailableError(
    skipped.length > 0 ? `skipped ${skipped.join(', ')}` : 'the sources list is empty',
  );
}
