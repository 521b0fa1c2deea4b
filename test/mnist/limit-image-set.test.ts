import {
  buildImageSet,
  DatasetLimitError,
  limitImageSet,
  PIXELS_PER_IMAGE,
} from '@lenet-lab/mnist';
import { idxImagesBuffer, idxLabelsBuffer, pixelOf } from './support/idx-fixtures';

const set = buildImageSet(idxImagesBuffer(4), idxLabelsBuffer([3, 1, 4, 1]), 'i', 'l');

describe('limitImageSet', () => {
  it('keeps the first N images and labels as views on the same memory', () => {
    const limited = limitImageSet(set, 2, 'train');

    expect(limited.count).toBe(2);
    expect(limited.images).toHaveLength(2 * PIXELS_PER_IMAGE);
    expect(Array.from(limited.labels)).toEqual([3, 1]);
    expect(limited.images[PIXELS_PER_IMAGE + 7]).toBe(pixelOf(1, 7));
    expect(limited.images.buffer).toBe(set.images.buffer);
  });

  it('returns the whole set for a null or missing limit', () => {
    expect(limitImageSet(set, null, 'train')).toBe(set);
    expect(limitImageSet(set, undefined, 'train')).toBe(set);
  });

  it('accepts a limit equal to the count', () => {
    expect(limitImageSet(set, 4, 'train').count).toBe(4);
  });

  it.each([0, -1, 2.5, 5])('throws DatasetLimitError for a limit of %p', (limit) => {
    expect(() => limitImageSet(set, limit, 'test')).toThrow(DatasetLimitError);
  });
});
