import {
  normalizePixel,
  NUM_CLASSES,
  PIXEL_MAX,
  PIXELS_PER_IMAGE,
  type ImageSet,
} from '@lenet-lab/mnist';

/** Writes one augmented image (values in the source's 0–255 scale) into the batch buffer. */
export type ImageAugmenter = (
  source: Uint8Array,
  sourceOffset: number,
  target: Float32Array,
  targetOffset: number,
) => void;

/** Every byte value's normalised pixel, (v/255 − mean)/std, computed once. */
const NORMALISED_BYTE = Float32Array.from({ length: PIXEL_MAX + 1 }, (_, v) => normalizePixel(v));
/** normalizePixel is affine: v ↦ v · NORMALISED_PER_UNIT + NORMALISED_ZERO (for augmented floats). */
const NORMALISED_ZERO = normalizePixel(0);
const NORMALISED_PER_UNIT = normalizePixel(1) - normalizePixel(0);

/**
 * Reused Float32Array buffers for batches of normalised images (NHWC, 28×28×1) and one-hot
 * labels, so a batch costs no JS allocation. Invariant for callers: a tensor made from these
 * buffers must be disposed before the next fill, because the cpu backend keeps the array
 * itself rather than a copy.
 */
export class BatchBuilder {
  readonly images: Float32Array;
  readonly oneHotLabels: Float32Array;

  constructor(readonly capacity: number) {
    this.images = new Float32Array(capacity * PIXELS_PER_IMAGE);
    this.oneHotLabels = new Float32Array(capacity * NUM_CLASSES);
  }

  /**
   * Rows 0..count−1 ← images order[start..start+count) of `set` (order null: sequential), each
   * through `augment` when given.
   */
  fill(
    set: ImageSet,
    order: ArrayLike<number> | null,
    start: number,
    count: number,
    augment?: ImageAugmenter,
  ): void {
    if (count > this.capacity) throw new RangeError(`batch of ${count} > ${this.capacity}`);
    // Locals for everything the loops touch: an imported constant can compile to a getter
    // (tsx/esbuild), and a getter call per pixel made this loop ten times slower.
    const size = PIXELS_PER_IMAGE;
    const classes = NUM_CLASSES;
    const lookup = NORMALISED_BYTE;
    const pixelShift = NORMALISED_ZERO;
    const pixelScale = NORMALISED_PER_UNIT;
    const images = this.images;
    const oneHot = this.oneHotLabels;
    const pixels = set.images;
    oneHot.fill(0, 0, count * classes);
    for (let row = 0; row < count; row++) {
      const index = order ? order[start + row] : start + row;
      const source = index * size;
      const target = row * size;
      if (augment) {
        augment(pixels, source, images, target);
        for (let p = target; p < target + size; p++)
          images[p] = images[p] * pixelScale + pixelShift;
      } else {
        for (let p = 0; p < size; p++) images[target + p] = lookup[pixels[source + p]];
      }
      oneHot[row * classes + set.labels[index]] = 1;
    }
  }
}
