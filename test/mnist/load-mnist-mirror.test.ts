import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  clearMnistCache,
  DatasetChecksumError,
  DatasetDownloadError,
  loadMnist,
} from '@lenet-lab/mnist';
import { gzippedRealFiles, REAL_FILE_NAMES, realDataDir } from './support/idx-fixtures';
import { serveFiles, startLocalMirror, type LocalMirror } from './support/local-mirror';

describe('loadMnist from a mirror', () => {
  let served: Record<string, Buffer>;
  let cacheDir: string;
  let mirror: LocalMirror | undefined;

  beforeAll(() => {
    served = Object.fromEntries(
      Object.entries(gzippedRealFiles()).map(([name, gzipped]) => [`${name}.gz`, gzipped]),
    );
  });
  beforeEach(async () => {
    cacheDir = await mkdtemp(join(tmpdir(), 'lenet-mnist-cache-'));
  });
  afterEach(async () => {
    clearMnistCache();
    await mirror?.close();
    mirror = undefined;
    await rm(cacheDir, { recursive: true, force: true });
  });

  const load = (url: string) =>
    loadMnist({ sources: ['mirror'], mirrorUrl: url, cacheDir, downloadTimeoutMs: 2000 });

  it('downloads the four gzip files into the cache and verifies them', async () => {
    mirror = await startLocalMirror(serveFiles(served));

    const dataset = await load(mirror.url);

    expect(dataset.train.count).toBe(60000);
    expect(dataset.train.labels[0]).toBe(5);
    expect(dataset.source).toBe(`${mirror.url} (cached in ${cacheDir})`);
    expect(mirror.requests.sort()).toEqual(REAL_FILE_NAMES.map((n) => `/mnist/${n}.gz`).sort());
    expect((await readdir(cacheDir)).sort()).toEqual(REAL_FILE_NAMES.map((n) => `${n}.gz`).sort());
  });

  it('reads the cache instead of downloading again', async () => {
    mirror = await startLocalMirror(serveFiles(served));
    await load(mirror.url);
    clearMnistCache();

    await load(mirror.url);

    expect(mirror.requests).toHaveLength(4);
  });

  it('throws DatasetDownloadError on a 404 and leaves nothing in the cache', async () => {
    const withoutTrainLabels = { ...served };
    delete withoutTrainLabels['train-labels-idx1-ubyte.gz'];
    mirror = await startLocalMirror(serveFiles(withoutTrainLabels));

    const attempt = load(mirror.url);

    await expect(attempt).rejects.toThrow(DatasetDownloadError);
    await expect(attempt).rejects.toThrow(
      `download of ${mirror.url}train-labels-idx1-ubyte.gz failed: HTTP 404 Not Found`,
    );
    const cached = await readdir(cacheDir);
    expect(cached.filter((name) => name.startsWith('train-labels'))).toEqual([]);
    expect(cached.filter((name) => name.endsWith('.part'))).toEqual([]);
  });

  it('throws DatasetChecksumError for corrupt bytes and does not cache them', async () => {
    const labels = await readFile(join(realDataDir(), 't10k-labels-idx1-ubyte'));
    labels[8] = labels[8] === 0 ? 1 : 0;
    mirror = await startLocalMirror(
      serveFiles({
        ...served,
        'train-labels-idx1-ubyte.gz': Buffer.from('this is not MNIST'),
        't10k-labels-idx1-ubyte.gz': gzipSync(labels),
      }),
    );

    const error = await load(mirror.url).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(DatasetChecksumError);
    expect(error).toMatchObject({ code: 'DATASET_CHECKSUM' });
    const cached = await readdir(cacheDir);
    expect(cached.filter((name) => name.includes('labels'))).toEqual([]);
    expect(cached.filter((name) => name.endsWith('.part'))).toEqual([]);
  });

  it('throws DatasetDownloadError when a body stalls, leaving no partial file', async () => {
    mirror = await startLocalMirror((path, response) => {
      if (!path.includes('t10k-images')) return serveFiles(served)(path, response);
      response.writeHead(200, { 'content-length': 1_000_000 });
      response.write(Buffer.alloc(1000));
    });

    const attempt = loadMnist({
      sources: ['mirror'],
      mirrorUrl: mirror.url,
      cacheDir,
      downloadTimeoutMs: 300,
    });

    await expect(attempt).rejects.toThrow(`${mirror.url}t10k-images-idx3-ubyte.gz failed: no data`);
    const cached = await readdir(cacheDir);
    expect(cached.filter((name) => name.startsWith('t10k-images'))).toEqual([]);
    expect(cached.filter((name) => name.endsWith('.part'))).toEqual([]);
  });

  it('retries after a failure instead of remembering it', async () => {
    let healthy = false;
    mirror = await startLocalMirror((path, response) => {
      if (healthy) serveFiles(served)(path, response);
      else response.writeHead(503).end();
    });
    await expect(load(mirror.url)).rejects.toThrow('HTTP 503');

    healthy = true;
    const dataset = await load(mirror.url);

    expect(dataset.test.count).toBe(10000);
  });

  it('throws DatasetDownloadError when nothing listens at the mirror', async () => {
    const closed = await startLocalMirror(serveFiles(served));
    await closed.close();

    await expect(load(closed.url)).rejects.toThrow(DatasetDownloadError);
    expect(await readdir(cacheDir)).toEqual([]);
  });
});
