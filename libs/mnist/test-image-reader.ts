import { DatasetUnavailableError } from './dataset-errors';
import { loadMnist } from './load-mnist';
import { PIXELS_PER_IMAGE, type DatasetName, type ImageSet } from './types';

/** Test image `index` of `dataset`: 784 bytes, a view on the loaded set. */
export type TestImageReader = (index: number, dataset: DatasetName) => Uint8Array;

/**
 * The test sets of the named datasets, each loaded once and up front, read back synchronously
 * by index and dataset, as the report's gallery asks for its images. A dataset not named is
 * never loaded, and asking for one is an error rather than another dataset's image.
 */
export async function readTestImages(datasets: Iterable<DatasetName>): Promise<TestImageReader> {
  const names = [...new Set(datasets)];
  const testSets = new Map<DatasetName, ImageSet>(
    await Promise.all(
      names.map(async (name) => [name, (await loadMnist({ dataset: name })).test] as const),
    ),
  );
  return (index, dataset) => {
    const test = testSets.get(dataset);
    if (test === undefined) {
      throw new DatasetUnavailableError(`the test images of ${dataset} were not loaded`);
    }
    return test.images.subarray(index * PIXELS_PER_IMAGE, (index + 1) * PIXELS_PER_IMAGE);
  };
}
