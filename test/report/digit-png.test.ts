import { DIGIT_BYTES, digitPngDataUri } from '@lenet-lab/report';
import { PNG } from 'pngjs';
import { fakeTestImage } from './support/report-fixtures';

function decode(dataUri: string): { width: number; height: number; grey: Uint8Array } {
  const [prefix, base64] = dataUri.split(',');
  expect(prefix).toBe('data:image/png;base64');
  const png = PNG.sync.read(Buffer.from(base64, 'base64'));
  // pngjs decodes to RGBA; a grey PNG has R = G = B = the grey value.
  const grey = Uint8Array.from({ length: png.width * png.height }, (_, i) => png.data[i * 4]);
  return { width: png.width, height: png.height, grey };
}

describe('digitPngDataUri', () => {
  it('decodes back to the same 784 bytes', () => {
    const pixels = fakeTestImage(1234);

    const { width, height, grey } = decode(digitPngDataUri(pixels));

    expect([width, height]).toEqual([28, 28]);
    expect(Buffer.from(grey).equals(Buffer.from(pixels))).toBe(true);
  });

  it('keeps the extremes of a real-looking digit (black background, white stroke)', () => {
    const pixels = new Uint8Array(DIGIT_BYTES);
    pixels.fill(255, 28 * 10 + 5, 28 * 10 + 23);

    expect(Array.from(decode(digitPngDataUri(pixels)).grey)).toEqual(Array.from(pixels));
  });

  it('rejects an image of the wrong size', () => {
    expect(() => digitPngDataUri(new Uint8Array(100))).toThrow(
      'a test image must have 784 bytes, got 100',
    );
  });
});
