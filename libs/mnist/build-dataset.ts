import { verifySha256 } from './checksum';
import { DatasetCountMismatchError, DatasetFileMissingError } from './dataset-errors';
import type { DatasetFileSpec, DatasetSpec } from './dataset-registry';
import { datasetFiles } from './dataset-registry';
import { parseIdxImages } from './parse-idx-images';
import { parseIdxLabels } from './parse-idx-labels';
import type { Dataset, ImageSet } from './types';

/** Raw (decompressed) IDX bytes keyed by official file name. */
export type RawDatasetFiles = Readonly<Record<string, Uint8Array>>;

export function buildImageSet(
  imagesBytes: Uint8Array,
  labelsBytes: Uint8Array,
  imagesFile: string,
  labelsFile: string,
): ImageSet {
  const { images, count } = parseIdxImages(imagesBytes, imagesFile);
  const { labels, count: labelCount } = parseIdxLabels(labelsBytes, labelsFile);
  if (count !== labelCount) {
    throw new DatasetCountMismatchError(imagesFile, count, labelsFile, labelCount);
  }
  return { images, labels, count };
}

/**
 * Parses and verifies the four files of a dataset. Structure is checked before checksums so
 * that a truncated copy says "truncated" rather than only "wrong hash".
 */
export function buildDataset(spec: DatasetSpec, files: RawDatasetFiles, source: string): Dataset {
  const bytesOf = (file: DatasetFileSpec): Uint8Array => {
    const bytes = files[file.name];
    if (bytes === undefined) throw new DatasetFileMissingError(file.name, [source]);
    return bytes;
  };
  const { trainImages, trainLabels, testImages, testLabels } = spec.files;
  const train = buildImageSet(
    bytesOf(trainImages),
    bytesOf(trainLabels),
    trainImages.name,
    trainLabels.name,
  );
  const test = buildImageSet(
    bytesOf(testImages),
    bytesOf(testLabels),
    testImages.name,
    testLabels.name,
  );
  const sha256: Record<string, string> = {};
  for (const file of datasetFiles(spec)) {
    sha256[file.name] = verifySha256(bytesOf(file), file.sha256, file.name, source);
  }
  return { name: spec.name, train, test, sha256, source };
}
