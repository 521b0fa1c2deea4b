import type { ExperimentConfig } from '@lenet-lab/config';
import { IMAGE_SIZE } from '@lenet-lab/mnist';
import type { SeededRandom } from './seeded-random';

/**
 * torchvision's RandomAffine(degrees, translate, scale) for one square image, as pure functions:
 * the same maths as torchvision.transforms.functional.affine on a tensor (rotation and scale
 * about the image centre, translation in whole pixels, fill 0 = background).
 */
export interface AffineParams {
  /** Clockwise on screen (y pointing down), as torchvision's `angle`. */
  angleDegrees: number;
  /** Pixels, positive = right. */
  translateX: number;
  /** Pixels, positive = down. */
  translateY: number;
  scale: number;
}

/**
 * 'nearest' is torchvision's default for tensors (what the seed trained with); 'bilinear' is
 * smoother. The trainer uses nearest so its augmentation matches the seed's.
 */
export type Interpolation = 'nearest' | 'bilinear';

export const TRAINING_INTERPOLATION: Interpolation = 'nearest';

export const IDENTITY_AFFINE: AffineParams = {
  angleDegrees: 0,
  translateX: 0,
  translateY: 0,
  scale: 1,
};

export type AugmentationOptions = Pick<
  ExperimentConfig['augmentation'],
  'rotationDegrees' | 'translateFraction' | 'scaleMin' | 'scaleMax'
>;

/** Draws in torchvision's order: angle, x shift, y shift, scale (so seeds map one to one). */
export function sampleAffineParams(
  random: SeededRandom,
  options: AugmentationOptions,
  size: number = IMAGE_SIZE,
): AffineParams {
  const angleDegrees = random.uniform(-options.rotationDegrees, options.rotationDegrees);
  const maxShift = options.translateFraction * size;
  // torchvision rounds the shift to whole pixels.
  const translateX = Math.round(random.uniform(-maxShift, maxShift));
  const translateY = Math.round(random.uniform(-maxShift, maxShift));
  const scale = random.uniform(options.scaleMin, options.scaleMax);
  return { angleDegrees, translateX, translateY, scale };
}

/**
 * Writes the transformed `size`×`size` image from `source` (at `sourceOffset`) into `target`
 * (at `targetOffset`), in the source's value scale. Each output pixel samples the input at the
 * inverse-mapped point; points outside the image read 0.
 */
export function affineTransformInto(
  source: ArrayLike<number>,
  sourceOffset: number,
  target: Float32Array,
  targetOffset: number,
  params: AffineParams,
  interpolation: Interpolation = TRAINING_INTERPOLATION,
  size: number = IMAGE_SIZE,
): void {
  const radians = (params.angleDegrees * Math.PI) / 180;
  const cos = Math.cos(radians) / params.scale;
  const sin = Math.sin(radians) / params.scale;
  // Pixel centres relative to the image centre, as torchvision's affine grid.
  const centre = (size - 1) / 2;
  const last = size - 1;
  const shiftX = params.translateX + centre;
  const shiftY = params.translateY + centre;
  const nearest = interpolation === 'nearest';
  // Two loops with the bounds checks inline: this runs for every training image, and a
  // shared per-pixel reader closure made it several times slower.
  for (let row = 0; row < size; row++) {
    const dy = row - shiftY;
    const out = targetOffset + row * size;
    for (let col = 0; col < size; col++) {
      const dx = col - shiftX;
      const x = cos * dx + sin * dy + centre;
      const y = -sin * dx + cos * dy + centre;
      if (nearest) {
        const r = Math.round(y);
        const c = Math.round(x);
        target[out + col] =
          r >= 0 && r <= last && c >= 0 && c <= last ? source[sourceOffset + r * size + c] : 0;
        continue;
      }
      const r0 = Math.floor(y);
      const c0 = Math.floor(x);
      const fy = y - r0;
      const fx = x - c0;
      let value = 0;
      for (let dr = 0; dr <= 1; dr++) {
        const r = r0 + dr;
        if (r < 0 || r > last) continue;
        const wy = dr === 0 ? 1 - fy : fy;
        for (let dc = 0; dc <= 1; dc++) {
          const c = c0 + dc;
          if (c < 0 || c > last) continue;
          value += wy * (dc === 0 ? 1 - fx : fx) * source[sourceOffset + r * size + c];
        }
      }
      target[out + col] = value;
    }
  }
}

/** One image in, its transform out (same value scale). */
export function affineTransform(
  image: Uint8Array | Float32Array,
  params: AffineParams,
  interpolation: Interpolation = TRAINING_INTERPOLATION,
  size: number = IMAGE_SIZE,
): Float32Array {
  const out = new Float32Array(size * size);
  affineTransformInto(image, 0, out, 0, params, interpolation, size);
  return out;
}
