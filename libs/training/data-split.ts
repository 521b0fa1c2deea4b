import type { ExperimentConfig } from '@lenet-lab/config';
import { limitImageSet, PIXELS_PER_IMAGE, type Dataset, type ImageSet } from '@lenet-lab/mnist';
import { InvalidTrainingSetupError } from './errors';

export interface TrainingSplits {
  train: ImageSet;
  /** null when validationSplit is 0 (or rounds to no image). */
  validation: ImageSet | null;
  test: ImageSet;
}

export type SplitConfig = Pick<ExperimentConfig, 'trainLimit' | 'testLimit' | 'validationSplit'>;

/**
 * The seed's protocol: the first trainLimit/testLimit images, and validation = the LAST
 * round(n × validationSplit) of the (limited) training images (5,000 of 60,000 by default).
 * Views on the dataset's memory, no copies.
 */
export function splitDataset(dataset: Dataset, config: SplitConfig): TrainingSplits {
  const all = limitImageSet(dataset.train, config.trainLimit, 'train');
  const test = limitImageSet(dataset.test, config.testLimit, 'test');
  const validationCount = Math.round(all.count * config.validationSplit);
  const trainCount = all.count - validationCount;
  if (trainCount < 1) {
    throw new InvalidTrainingSetupError(
      `validationSplit ${config.validationSplit} of ${all.count} images leaves none to train on`,
    );
  }
  return {
    train: slice(all, 0, trainCount),
    validation: validationCount > 0 ? slice(all, trainCount, all.count) : null,
    test,
  };
}

function slice(set: ImageSet, start: number, end: number): ImageSet {
  return {
    images: set.images.subarray(start * PIXELS_PER_IMAGE, end * PIXELS_PER_IMAGE),
    labels: set.labels.subarray(start, end),
    count: end - start,
  };
}
