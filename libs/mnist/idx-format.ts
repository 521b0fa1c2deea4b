/**
 * The IDX file format (http://yann.lecun.com/exdb/mnist/): a big-endian 32-bit magic number
 * whose third byte is the element type and fourth the number of dimensions, one 32-bit size
 * per dimension, then the elements.
 */

/** Unsigned bytes, 3 dimensions (count, rows, cols). */
export const IDX_IMAGES_MAGIC = 0x00000803;
/** Unsigned bytes, 1 dimension (count). */
export const IDX_LABELS_MAGIC = 0x00000801;

export const IDX_MAGIC_BYTES = 4;
export const IDX_DIMENSION_BYTES = 4;
export const IDX_IMAGES_HEADER_BYTES = IDX_MAGIC_BYTES + 3 * IDX_DIMENSION_BYTES;
export const IDX_LABELS_HEADER_BYTES = IDX_MAGIC_BYTES + IDX_DIMENSION_BYTES;

/** Every gzip stream starts with these two bytes (RFC 1952). */
export const GZIP_MAGIC = [0x1f, 0x8b] as const;

/**
 * Ceiling on a decompressed file: the largest official file is 47 MB, so anything past this
 * is a gzip bomb or the wrong file, and should fail before it exhausts a worker's memory.
 */
export const MAX_IDX_FILE_BYTES = 128 * 1024 * 1024;

export function describeMagic(magic: number): string {
  const hex = `0x${magic.toString(16).padStart(8, '0')}`;
  if (magic === IDX_IMAGES_MAGIC) return `${hex} (IDX images)`;
  if (magic === IDX_LABELS_MAGIC) return `${hex} (IDX labels)`;
  return hex;
}
