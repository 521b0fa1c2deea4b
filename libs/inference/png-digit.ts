import { PNG } from 'pngjs';
import { IMAGE_SIZE, PIXELS_PER_IMAGE } from '@lenet-lab/mnist';
import { InvalidDigitImageError } from './inference-errors';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const CHANNELS = 4;

/**
 * A 28×28 PNG as 784 grayscale values (0–255), the layout predictDigits takes. Any PNG colour
 * type is accepted: colour becomes luminance (Rec. 601 weights), and transparency is composited
 * over black, MNIST's background. The digit must be light on dark, as in MNIST.
 */
export function decodeDigitPng(file: Uint8Array, index: number): Uint8Array {
  if (!Buffer.from(file.subarray(0, PNG_SIGNATURE.length)).equals(PNG_SIGNATURE)) {
    throw new InvalidDigitImageError(index, 'is not a PNG file');
  }
  let png: PNG;
  try {
    png = PNG.sync.read(Buffer.from(file));
  } catch (error) {
    throw new InvalidDigitImageError(index, `is not a readable PNG (${(error as Error).message})`);
  }
  if (png.width !== IMAGE_SIZE || png.height !== IMAGE_SIZE) {
    throw new InvalidDigitImageError(
      index,
      `is ${png.width}×${png.height} pixels; a digit must be ${IMAGE_SIZE}×${IMAGE_SIZE}`,
    );
  }
  const gray = new Uint8Array(PIXELS_PER_IMAGE);
  for (let i = 0; i < PIXELS_PER_IMAGE; i++) {
    const [r, g, b, a] = png.data.subarray(i * CHANNELS, (i + 1) * CHANNELS);
    gray[i] = Math.round(((0.299 * r + 0.587 * g + 0.114 * b) * a) / 255);
  }
  return gray;
}
