import { DEFAULT_MNIST_SOURCES, resolveLoadMnistOptions } from '@lenet-lab/mnist';

describe('resolveLoadMnistOptions', () => {
  it('applies the defaults when nothing is set', () => {
    expect(resolveLoadMnistOptions({}, {}, '/home/ada')).toEqual({
      dataset: 'mnist',
      dir: null,
      mirrorUrl: 'https://ossci-datasets.s3.amazonaws.com/mnist/',
      cacheDir: '/home/ada/.cache/lenet-lab/mnist',
      trainLimit: null,
      testLimit: null,
      sources: DEFAULT_MNIST_SOURCES,
      downloadTimeoutMs: 30_000,
    });
  });

  it('reads MNIST_DIR, MNIST_MIRROR and MNIST_CACHE_DIR from the environment', () => {
    const resolved = resolveLoadMnistOptions(
      {},
      { MNIST_DIR: '/data/mnist', MNIST_MIRROR: 'http://m/x', MNIST_CACHE_DIR: '/var/cache/m' },
      '/home/ada',
    );

    expect(resolved).toMatchObject({
      dir: '/data/mnist',
      mirrorUrl: 'http://m/x/',
      cacheDir: '/var/cache/m',
    });
  });

  it('prefers explicit options over the environment', () => {
    const resolved = resolveLoadMnistOptions(
      { dir: '/a', mirrorUrl: 'http://b/', cacheDir: '/c', trainLimit: 10, sources: ['mirror'] },
      { MNIST_DIR: '/x', MNIST_MIRROR: 'http://y/', MNIST_CACHE_DIR: '/z' },
      '/home/ada',
    );

    expect(resolved).toMatchObject({
      dir: '/a',
      mirrorUrl: 'http://b/',
      cacheDir: '/c',
      trainLimit: 10,
      sources: ['mirror'],
    });
  });

  it('treats empty environment variables as unset', () => {
    expect(resolveLoadMnistOptions({}, { MNIST_DIR: '' }, '/h').dir).toBeNull();
  });

  it('refuses a mirror that is not an http(s) URL, naming the variable', () => {
    expect(() => resolveLoadMnistOptions({}, { MNIST_MIRROR: 'ftp://m/x' }, '/h')).toThrow(
      /MNIST_MIRROR must be a URL starting with http:\/\/ or https:\/\//,
    );
  });
});
