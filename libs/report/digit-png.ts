import { PNG } from 'pngjs';
import { ReportInputError } from './report-errors';

export const DIGIT_SIDE = 28;
export const DIGIT_BYTES = DIGIT_SIDE * DIGIT_SIDE;

/**
 * An MNIST digit (784 grey bytes, row-major) as a PNG data URI: 8-bit greyscale, the bytes
 * unchanged, so decoding gives back exactly the test image.
 */
export function digitPngDataUri(pixels: Uint8Array): string {
  if (pixels.length !== DIGIT_BYTES) {
    throw new ReportInputError(`a test image must have ${DIGIT_BYTES} bytes, got ${pixels.length}`);
  }
  const png = new PNG({
    width: DIGIT_SIDE,
    height: DIGIT_SIDE,
    colorType: 0,
    inputColorType: 0,
    inputHasAlpha: false,
  });
  png.data = Buffer.from(pixels);
  return `data:image/png;base64,${PNG.sync.write(png, { colorType: 0, inputColorType: 0, inputHasAlpha: false }).toString('base64')}`;
}
