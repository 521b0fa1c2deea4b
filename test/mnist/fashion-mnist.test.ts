import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  clearMnistCache,
  DATASET_REGISTRY,
  DatasetChecksumError,
  DatasetUnavailableError,
  loadMnist,
  NUM_CLASSES,
  readTestImages,
  resolveLoadMnistOptions,
  type DatasetSpec,
  type ImageSet,
} from '@lenet-lab/mnist';
import { resolveSource } from '@lenet-lab/mnist/sources/resolve-source';
import { realDataDir } from './support/idx-fixtures';
import { serveFiles, startLocalMirror, type LocalMirror } from './support/local-mirror';

const spec = DATASET_REGISTRY['fashion-mnist'];
const debianDir = '/usr/share/datasets/fashion-mnist';

function imagesPerClass(set: ImageSet): number[] {
  const counts = new Array<number>(NUM_CLASSES).fill(0);
  for (const label of set.labels) counts[label]++;
  return counts;
}

afterEach(() => clearMnistCache());

describe("Fashion-MNIST from Debian's dataset-fashion-mnist package", () => {
  it('loads the four files from where the package installs them, each SHA-256 checked', async () => {
    const dataset = await loadMnist({ dataset: 'fashion-mnist', sources: ['package'] });

    expect(dataset.name).toBe('fashion-mnist');
    expect(dataset.source).toBe(`Debian package dataset-fashion-mnist (${debianDir})`);
    expect(dataset.sha256).toEqual(
      Object.fromEntries(Object.values(spec.files).map((file) => [file.name, file.sha256])),
    );
    // Fashion-MNIST is balanced: 6,000 training and 1,000 test images of each class.
    expect(imagesPerClass(dataset.train)).toEqual(new Array(NUM_CLASSES).fill(6000));
    expect(imagesPerClass(dataset.test)).toEqual(new Array(NUM_CLASSES).fill(1000));
  });

  it('is the source the defaults choose when FASHION_MNIST_DIR is not set', () => {
    const options = resolveLoadMnistOptions({ dataset: 'fashion-mnist' }, {}, '/home/ada');

    expect(resolveSource(spec, options).description).toMatch(
      /^Debian package dataset-fashion-mnist/,
    );
  });

  it('is skipped, and the error says so, when the package is not installed', () => {
    const notInstalled: DatasetSpec = {
      ...spec,
      packages: [{ manager: 'debian', name: 'dataset-fashion-mnist', dataDir: '/nonexistent' }],
    };
    const options = resolveLoadMnistOptions(
      { dataset: 'fashion-mnist', sources: ['dir', 'package'] },
      {},
      '/home/ada',
    );
    const attempt = () => resolveSource(notInstalled, options);

    expect(attempt).toThrow(DatasetUnavailableError);
    expect(attempt).toThrow(/nor FASHION_MNIST_DIR is set/);
    expect(attempt).toThrow(/Debian package dataset-fashion-mnist: not installed or incomplete/);
  });

  it("refuses MNIST's files offered as Fashion-MNIST", async () => {
    await expect(loadMnist({ dataset: 'fashion-mnist', dir: realDataDir() })).rejects.toThrow(
      DatasetChecksumError,
    );
  });
});

describe("Fashion-MNIST's environment variables", () => {
  it('are its own: MNIST_DIR, MNIST_MIRROR and MNIST_CACHE_DIR keep meaning MNIST', () => {
    const env = { MNIST_DIR: '/data/mnist', MNIST_MIRROR: 'http://m/', MNIST_CACHE_DIR: '/c/m' };

    expect(resolveLoadMnistOptions({ dataset: 'fashion-mnist' }, env, '/home/ada')).toMatchObject({
      dataset: 'fashion-mnist',
      dir: null,
      mirrorUrl: 'https://storage.googleapis.com/tensorflow/tf-keras-datasets/',
      cacheDir: '/home/ada/.cache/lenet-lab/fashion-mnist',
    });
  });

  it('are read from FASHION_MNIST_DIR, FASHION_MNIST_MIRROR and FASHION_MNIST_CACHE_DIR', () => {
    const env = {
      FASHION_MNIST_DIR: '/data/fashion',
      FASHION_MNIST_MIRROR: 'http://f/x',
      FASHION_MNIST_CACHE_DIR: '/c/f',
    };

    expect(resolveLoadMnistOptions({ dataset: 'fashion-mnist' }, env, '/h')).toMatchObject({
      dir: '/data/fashion',
      mirrorUrl: 'http://f/x/',
      cacheDir: '/c/f',
    });
    expect(resolveLoadMnistOptions({}, env, '/h')).toMatchObject({ dataset: 'mnist', dir: null });
  });

  it('refuse a mirror that is not an http(s) URL, naming the variable', () => {
    expect(() =>
      resolveLoadMnistOptions({ dataset: 'fashion-mnist' }, { FASHION_MNIST_MIRROR: 'ftp://f' }),
    ).toThrow(/FASHION_MNIST_MIRROR must be a URL/);
  });
});

describe('Fashion-MNIST from a mirror', () => {
  let cacheDir: string;
  let mirror: LocalMirror | undefined;

  beforeEach(async () => {
    cacheDir = await mkdtemp(join(tmpdir(), 'lenet-fashion-cache-'));
  });
  afterEach(async () => {
    await mirror?.close();
    mirror = undefined;
    await rm(cacheDir, { recursive: true, force: true });
  });

  it("downloads the .gz files into the cache and checks the raw files' SHA-256s", async () => {
    const names = Object.values(spec.files).map((file) => `${file.name}.gz`);
    const served = Object.fromEntries(
      await Promise.all(
        names.map(async (name) => [name, await readFile(join(debianDir, name))] as const),
      ),
    );
    mirror = await startLocalMirror(serveFiles(served));

    const dataset = await loadMnist({
      dataset: 'fashion-mnist',
      sources: ['mirror'],
      mirrorUrl: mirror.url,
      cacheDir,
      trainLimit: 100,
      downloadTimeoutMs: 2000,
    });

    expect(dataset.source).toBe(`${mirror.url} (cached in ${cacheDir})`);
    expect(dataset.train.count).toBe(100);
    expect((await readdir(cacheDir)).sort()).toEqual([...names].sort());
  });
});

describe('readTestImages', () => {
  it("reads each named dataset's test images by index, as the report's gallery asks", async () => {
    const read = await readTestImages(['fashion-mnist', 'mnist', 'fashion-mnist']);
    const fashion = await loadMnist({ dataset: 'fashion-mnist', sources: ['package'] });
    const mnist = await loadMnist({ sources: ['package'] });

    expect(read(3, 'fashion-mnist')).toEqual(fashion.test.images.subarray(3 * 784, 4 * 784));
    expect(read(3, 'mnist')).toEqual(mnist.test.images.subarray(3 * 784, 4 * 784));
    expect(read(3, 'mnist')).not.toEqual(read(3, 'fashion-mnist'));
  });

  it('refuses a dataset it was not asked to load, rather than answer with another', async () => {
    const read = await readTestImages(['mnist']);

    expect(() => read(0, 'fashion-mnist')).toThrow(DatasetUnavailableError);
  });
});
