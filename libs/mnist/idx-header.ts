import { IdxLengthError, IdxMagicError } from './dataset-errors';
import { IDX_DIMENSION_BYTES, IDX_MAGIC_BYTES } from './idx-format';

export interface IdxHeader {
  /** One size a dimension, outermost (the item count) first. */
  dimensions: number[];
  /** Where the elements start. */
  dataOffset: number;
}

/** Validates the magic number and that the header itself is complete. */
export function readIdxHeader(
  bytes: Uint8Array,
  fileName: string,
  expectedMagic: number,
): IdxHeader {
  if (bytes.length < IDX_MAGIC_BYTES) {
    throw new IdxLengthError(fileName, IDX_MAGIC_BYTES, bytes.length);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0);
  if (magic !== expectedMagic) throw new IdxMagicError(fileName, expectedMagic, magic);

  const rank = magic & 0xff;
  const dataOffset = IDX_MAGIC_BYTES + rank * IDX_DIMENSION_BYTES;
  if (bytes.length < dataOffset) throw new IdxLengthError(fileName, dataOffset, bytes.length);
  const dimensions = Array.from({ length: rank }, (_, i) =>
    view.getUint32(IDX_MAGIC_BYTES + i * IDX_DIMENSION_BYTES),
  );
  return { dimensions, dataOffset };
}

/**
 * The elements (one byte each) as a view on `bytes`, after checking that the length is exactly
 * what the dimensions declare. A view, not a copy: the full training set is 47 MB.
 */
export function idxElements(bytes: Uint8Array, header: IdxHeader, fileName: string): Uint8Array {
  const elementCount = header.dimensions.reduce((product, size) => product * size, 1);
  const expectedBytes = header.dataOffset + elementCount;
  if (bytes.length !== expectedBytes) {
    throw new IdxLengthError(fileName, expectedBytes, bytes.length);
  }
  // A plain Uint8Array, not a Buffer subarray: Buffer#slice shares memory, Uint8Array#slice copies.
  return new Uint8Array(bytes.buffer, bytes.byteOffset + header.dataOffset, elementCount);
}
