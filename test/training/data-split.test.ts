import { resolveConfig } from '@lenet-lab/config';
import type { Dataset, ImageSet } from '@lenet-lab/mnist';
import { InvalidTrainingSetupError, splitDataset } from '@lenet-lab/training';

/** Images whose first pixel is their index (mod 256) and labels = index mod 10. */
function imageSet(count: number): ImageSet {
  const images = new Uint8Array(count * 784);
  for (let i = 0; i < count; i++) images[i * 784] = i % 256;
  return { images, labels: Uint8Array.from({ length: count }, (_, i) => i % 10), count };
}

function dataset(train: number, test: number): Dataset {
  return {
    name: 'mnist',
    sha256: {},
    source: 'test',
    train: imageSet(train),
    test: imageSet(test),
  };
}

describe('splitDataset', () => {
  it('holds out the last 1/12 of the training images, as the seed (5,000 of 60,000)', () => {
    const splits = splitDataset(dataset(1200, 50), resolveConfig({}));
    expect(splits.train.count).toBe(1100);
    expect(splits.validation!.count).toBe(100);
    expect(splits.validation!.images[0]).toBe(1100 % 256);
    expect(splits.validation!.labels[0]).toBe(0);
    expect(splits.test.count).toBe(50);
  });

  it('applies trainLimit before the validation split and testLimit to the test set', () => {
    const config = resolveConfig({
      overrides: { trainLimit: 100, testLimit: 20, validationSplit: 0.1 },
    });
    const splits = splitDataset(dataset(1200, 50), config);
    expect(splits.train.count).toBe(90);
    expect(splits.validation!.images[0]).toBe(90);
    expect(splits.validation!.count).toBe(10);
    expect(splits.test.count).toBe(20);
  });

  it('rounds the validation size', () => {
    const config = resolveConfig({ overrides: { trainLimit: 25, validationSplit: 0.1 } });
    expect(splitDataset(dataset(100, 10), config).validation!.count).toBe(3);
  });

  it('has no validation set when validationSplit is 0', () => {
    const splits = splitDataset(
      dataset(100, 10),
      resolveConfig({ overrides: { validationSplit: 0 } }),
    );
    expect(splits.validation).toBeNull();
    expect(splits.train.count).toBe(100);
  });

  it('shares memory with the dataset instead of copying', () => {
    const data = dataset(120, 10);
    const splits = splitDataset(data, resolveConfig({}));
    expect(splits.train.images.buffer).toBe(data.train.images.buffer);
  });

  it('refuses a split that leaves nothing to train on', () => {
    // A config the schema refuses (see resolve-config.test.ts); splitDataset refuses it too.
    const config = { ...resolveConfig({ overrides: { trainLimit: 1 } }), validationSplit: 0.5 };
    expect(() => splitDataset(dataset(10, 10), config)).toThrow(InvalidTrainingSetupError);
  });
});
