import { gzipSync } from 'node:zlib';
import {
  type DatasetError,
  decompressIfGzip,
  IDX_LABELS_MAGIC,
  IdxDimensionsError,
  IdxLengthError,
  IdxMagicError,
  parseIdxImages,
  PIXELS_PER_IMAGE,
} from '@lenet-lab/mnist';
import { catchError } from './support/catch-error';
import { idxImagesBuffer, pixelOf } from './support/idx-fixtures';

describe('parseIdxImages', () => {
  it('reads the count and the pixels of a raw file', () => {
    const parsed = parseIdxImages(idxImagesBuffer(3), 'images');

    expect(parsed.count).toBe(3);
    expect(parsed.images).toHaveLength(3 * PIXELS_PER_IMAGE);
    expect(parsed.images[2 * PIXELS_PER_IMAGE + 5]).toBe(pixelOf(2, 5));
  });

  it('reads a gzipped file once decompressed', () => {
    const gzipped = gzipSync(idxImagesBuffer(2));

    const parsed = parseIdxImages(decompressIfGzip(gzipped, 'images.gz'));

    expect(parsed.count).toBe(2);
    expect(parsed.images[PIXELS_PER_IMAGE]).toBe(pixelOf(1, 0));
  });

  it('returns a plain Uint8Array view on the input instead of a copy', () => {
    const bytes = idxImagesBuffer(1);

    const { images } = parseIdxImages(bytes);
    bytes[16] = 200;

    expect(Buffer.isBuffer(images)).toBe(false);
    expect(images[0]).toBe(200);
  });

  it('accepts a file with no images', () => {
    expect(parseIdxImages(idxImagesBuffer(0)).count).toBe(0);
  });

  it('throws IdxMagicError naming the file when given a labels file', () => {
    const bytes = idxImagesBuffer(1, { magic: IDX_LABELS_MAGIC });

    expect(() => parseIdxImages(bytes, 'train-images-idx3-ubyte')).toThrow(IdxMagicError);
    expect(() => parseIdxImages(bytes, 'train-images-idx3-ubyte')).toThrow(
      'train-images-idx3-ubyte: magic number 0x00000801 (IDX labels), expected 0x00000803 (IDX images)',
    );
  });

  it('throws IdxLengthError with expected and actual bytes when the data is truncated', () => {
    const bytes = idxImagesBuffer(2).subarray(0, 16 + PIXELS_PER_IMAGE + 10);

    expect(() => parseIdxImages(bytes, 'my-images')).toThrow(
      `my-images: truncated: expected ${16 + 2 * PIXELS_PER_IMAGE} bytes, got ${16 + PIXELS_PER_IMAGE + 10}`,
    );
  });

  it('throws IdxLengthError when even the header is cut short', () => {
    const attempt = () => parseIdxImages(idxImagesBuffer(1).subarray(0, 10), 'my-images');

    expect(attempt).toThrow(IdxLengthError);
    expect(attempt).toThrow('expected 16 bytes, got 10');
  });

  it('throws IdxLengthError when bytes follow the declared images', () => {
    const bytes = Buffer.concat([idxImagesBuffer(1), Buffer.alloc(3)]);

    expect(() => parseIdxImages(bytes)).toThrow(/trailing bytes/);
  });

  it('throws IdxDimensionsError for images that are not 28×28', () => {
    const attempt = () => parseIdxImages(idxImagesBuffer(1, { rows: 32, cols: 32 }), 'big');

    expect(attempt).toThrow(IdxDimensionsError);
    expect(attempt).toThrow('big: dimensions 1×32×32, expected N×28×28');
  });

  it('gives every error a stable code', async () => {
    const codeOf = async (bytes: Buffer) =>
      (await catchError(() => parseIdxImages(bytes))) as DatasetError;

    expect((await codeOf(idxImagesBuffer(1, { magic: 0x1234 }))).code).toBe('IDX_BAD_MAGIC');
    expect((await codeOf(idxImagesBuffer(1).subarray(0, 100))).code).toBe('IDX_LENGTH');
    expect((await codeOf(idxImagesBuffer(1, { cols: 27 }))).code).toBe('IDX_BAD_DIMENSIONS');
  });
});
