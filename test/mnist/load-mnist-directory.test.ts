import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  clearMnistCache,
  DatasetChecksumError,
  DatasetFileMissingError,
  loadMnist,
} from '@lenet-lab/mnist';
import { gzippedRealFiles, REAL_FILE_NAMES, realDataDir } from './support/idx-fixtures';

describe('loadMnist from a directory', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lenet-mnist-dir-'));
    for (const [name, gzipped] of Object.entries(gzippedRealFiles())) {
      await writeFile(join(dir, `${name}.gz`), gzipped);
    }
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));
  afterEach(() => {
    clearMnistCache();
    delete process.env.MNIST_DIR;
  });

  it('reads gzipped copies of the official files', async () => {
    const dataset = await loadMnist({ dir, trainLimit: 10 });

    expect(dataset.source).toBe(`directory ${dir}`);
    expect(dataset.train.count).toBe(10);
    expect(dataset.train.labels[0]).toBe(5);
    expect(dataset.test.count).toBe(10000);
  });

  it('takes the directory from MNIST_DIR ahead of the installed package', async () => {
    process.env.MNIST_DIR = dir;

    const dataset = await loadMnist();

    expect(dataset.source).toBe(`directory ${dir}`);
  });

  it('reads a mix of raw and gzipped files', async () => {
    const mixed = await mkdtemp(join(tmpdir(), 'lenet-mnist-mixed-'));
    try {
      await copyFile(
        join(realDataDir(), 't10k-labels-idx1-ubyte'),
        join(mixed, 't10k-labels-idx1-ubyte'),
      );
      for (const name of REAL_FILE_NAMES.filter((n) => n !== 't10k-labels-idx1-ubyte')) {
        await copyFile(join(dir, `${name}.gz`), join(mixed, `${name}.gz`));
      }

      const dataset = await loadMnist({ dir: mixed });

      expect(dataset.test.labels[0]).toBe(7);
    } finally {
      await rm(mixed, { recursive: true, force: true });
    }
  });

  it('throws DatasetFileMissingError listing the paths tried, without falling back', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'lenet-mnist-empty-'));
    try {
      const attempt = loadMnist({ dir: empty });

      await expect(attempt).rejects.toThrow(DatasetFileMissingError);
      await expect(attempt).rejects.toThrow(join(empty, 'train-images-idx3-ubyte.gz'));
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });

  it('throws DatasetChecksumError for a file that parses but is not the official one', async () => {
    const tampered = await mkdtemp(join(tmpdir(), 'lenet-mnist-tampered-'));
    try {
      for (const name of REAL_FILE_NAMES) {
        await copyFile(join(realDataDir(), name), join(tampered, name));
      }
      // Label 1 of the training set is 0 officially; 1 is still a valid label.
      const labels = await readFile(join(tampered, 'train-labels-idx1-ubyte'));
      labels[8 + 1] = 1;
      await writeFile(join(tampered, 'train-labels-idx1-ubyte'), labels);

      await expect(loadMnist({ dir: tampered })).rejects.toThrow(DatasetChecksumError);
    } finally {
      await rm(tampered, { recursive: true, force: true });
    }
  });
});
