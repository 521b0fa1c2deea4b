import { ConfigValidationError, resolveConfig, validationImages } from '@lenet-lab/config';
import { DATASET_REGISTRY } from '@lenet-lab/mnist';

function validationMessage(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigValidationError) return error.message;
    throw error;
  }
  throw new Error('expected a ConfigValidationError');
}

describe('the dataset of an experiment config', () => {
  it('may be fashion-mnist, the rest of the seed protocol unchanged', () => {
    const config = resolveConfig({ preset: 'baseline', overrides: { dataset: 'fashion-mnist' } });

    expect(config).toMatchObject({ dataset: 'fashion-mnist', epochs: 20, trainLimit: null });
  });

  it('is refused when the registry does not know it, naming the ones it does', () => {
    const message = validationMessage(() => resolveConfig({ overrides: { dataset: 'cifar10' } }));

    expect(message).toMatch(/dataset/);
    expect(message).toMatch(/mnist.*fashion-mnist/);
  });

  it.each(['mnist', 'fashion-mnist'] as const)(
    "bounds trainLimit and testLimit by %s's own image counts",
    (dataset) => {
      const { trainImages, testImages } = DATASET_REGISTRY[dataset];

      expect(
        resolveConfig({ overrides: { dataset, trainLimit: trainImages, testLimit: testImages } }),
      ).toMatchObject({ trainLimit: trainImages, testLimit: testImages });
      expect(
        validationMessage(() =>
          resolveConfig({ overrides: { dataset, trainLimit: trainImages + 1 } }),
        ),
      ).toMatch(/trainLimit/);
      expect(
        validationMessage(() =>
          resolveConfig({ overrides: { dataset, testLimit: testImages + 1 } }),
        ),
      ).toMatch(/testLimit/);
    },
  );

  it("holds out validation images from the dataset's training set when no limit is set", () => {
    const config = resolveConfig({ overrides: { dataset: 'fashion-mnist' } });

    expect(validationImages(config)).toBe(
      Math.round(DATASET_REGISTRY['fashion-mnist'].trainImages / 12),
    );
  });
});
