import { DatasetLimitError } from './dataset-errors';
import { PIXELS_PER_IMAGE, type ImageSet } from './types';

/**
 * The first `limit` images as views on the same memory (no copy); `null` or `undefined` means
 * all. A limit above the count is an error rather than a silent clamp, because an ablation
 * that asked for N images must not quietly train on fewer.
 */
export function limitImageSet(
  set: ImageSet,
  limit: number | null | undefined,
  split: string,
): ImageSet {
  if (limit === null || limit === undefined) return set;
  if (!Number.isInteger(limit) || limit < 1 || limit > set.count) {
    throw new DatasetLimitError(split, limit, set.count);
  }
  return {
    images: set.images.subarray(0, limit * PIXELS_PER_IMAGE),
    labels: set.labels.subarray(0, limit),
    count: limit,
  };
}
