import { gunzipSync } from 'node:zlib';
import { DatasetGzipError } from './dataset-errors';
import { GZIP_MAGIC, MAX_IDX_FILE_BYTES } from './idx-format';

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === GZIP_MAGIC[0] && bytes[1] === GZIP_MAGIC[1];
}

/**
 * The raw IDX bytes of a file that may or may not be gzipped. Detection is by content, not by
 * the `.gz` suffix, because mirrors and copies do not keep names honest; an IDX file cannot
 * start with the gzip magic since its first byte is always 0.
 */
export function decompressIfGzip(bytes: Buffer, fileName: string): Buffer {
  if (!isGzip(bytes)) return bytes;
  try {
    return gunzipSync(bytes, { maxOutputLength: MAX_IDX_FILE_BYTES });
  } catch (error) {
    throw new DatasetGzipError(fileName, error);
  }
}
