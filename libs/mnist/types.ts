/** MNIST-shaped data: 28×28 grayscale images, one byte a pixel, labels 0–9 (class indexes). */
export const IMAGE_SIZE = 28;
export const PIXELS_PER_IMAGE = IMAGE_SIZE * IMAGE_SIZE;
export const NUM_CLASSES = 10;

export interface ImageSet {
  /** count × 784 bytes, row-major, 0 (background) to 255 (ink), as in the IDX file. */
  images: Uint8Array;
  /** count labels, 0–9. */
  labels: Uint8Array;
  count: number;
}

export interface DatasetFiles {
  /** SHA-256 (hex) of each raw IDX file that was read, keyed by the official file name. */
  sha256: Record<string, string>;
  /** Where the files came from: an npm or Debian package, a directory, or a cache of a download. */
  source: string;
}

/** The datasets the registry describes: MNIST and one with the same format and shape. */
export const DATASET_NAMES = ['mnist', 'fashion-mnist'] as const;
export type DatasetName = (typeof DATASET_NAMES)[number];

export interface Dataset extends DatasetFiles {
  name: DatasetName;
  train: ImageSet;
  test: ImageSet;
}
