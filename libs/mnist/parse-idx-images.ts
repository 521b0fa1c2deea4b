import { IdxDimensionsError } from './dataset-errors';
import { IDX_IMAGES_MAGIC } from './idx-format';
import { idxElements, readIdxHeader } from './idx-header';
import { IMAGE_SIZE } from './types';

export interface IdxImages {
  /** count × 784 bytes, row-major; a view on the input buffer. */
  images: Uint8Array;
  count: number;
}

/** Parses an IDX images file of 28×28 images (raw bytes; see decompressIfGzip). */
export function parseIdxImages(bytes: Uint8Array, fileName = 'images'): IdxImages {
  const header = readIdxHeader(bytes, fileName, IDX_IMAGES_MAGIC);
  const [count, rows, cols] = header.dimensions;
  if (rows !== IMAGE_SIZE || cols !== IMAGE_SIZE) {
    throw new IdxDimensionsError(fileName, header.dimensions, `N×${IMAGE_SIZE}×${IMAGE_SIZE}`);
  }
  return { images: idxElements(bytes, header, fileName), count };
}
