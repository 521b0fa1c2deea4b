import { endianness } from 'node:os';
import type { StoredTensor, TrainingCheckpoint, TrainingState } from '@lenet-lab/training';

/**
 * A checkpoint as a database row: the plain state as JSON, the tensors as one binary blob
 * (a length-prefixed JSON header of shapes, then every value as little-endian float32).
 * LeNet-5's weights and optimiser buffers come to a few hundred KB.
 */
export interface EncodedCheckpoint {
  epoch: number;
  state: TrainingState;
  tensors: Buffer;
}

/**
 * Format 2 holds any optimiser's buffers (optimizerSlots); format 1, written before Adam, named
 * them `momentum` and is read as the same thing.
 */
interface TensorHeader {
  format: 2;
  iterations: number;
  weights: number[][];
  optimizerSlots: number[][];
  bestWeights: number[][] | null;
}

interface TensorHeaderFormat1 extends Omit<TensorHeader, 'format' | 'optimizerSlots'> {
  format: 1;
  momentum: number[][];
}

export class CorruptCheckpointError extends Error {
  readonly code = 'CORRUPT_CHECKPOINT';
  constructor(reason: string) {
    super(`stored checkpoint is unreadable: ${reason}`);
    this.name = 'CorruptCheckpointError';
  }
}

const HEADER_LENGTH_BYTES = 4;
/** Float32Array's bytes are the blob's little-endian floats as they are: copied in one go. */
const NATIVE_LITTLE_ENDIAN = endianness() === 'LE';
const FLOAT_BYTES = 4;

const sizeOf = (shape: number[]) => shape.reduce((product, dim) => product * dim, 1);

export function encodeCheckpoint(checkpoint: TrainingCheckpoint): EncodedCheckpoint {
  const groups = [checkpoint.weights, checkpoint.optimizerSlots, checkpoint.bestWeights ?? []];
  const header: TensorHeader = {
    format: 2,
    iterations: checkpoint.iterations,
    weights: checkpoint.weights.map((t) => t.shape),
    optimizerSlots: checkpoint.optimizerSlots.map((t) => t.shape),
    bestWeights: checkpoint.bestWeights?.map((t) => t.shape) ?? null,
  };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const valueCount = groups.flat().reduce((sum, t) => sum + t.values.length, 0);
  const blob = Buffer.alloc(HEADER_LENGTH_BYTES + headerBytes.length + valueCount * FLOAT_BYTES);
  blob.writeUInt32LE(headerBytes.length, 0);
  headerBytes.copy(blob, HEADER_LENGTH_BYTES);
  let offset = HEADER_LENGTH_BYTES + headerBytes.length;
  for (const { values } of groups.flat()) {
    if (NATIVE_LITTLE_ENDIAN) {
      blob.set(new Uint8Array(values.buffer, values.byteOffset, values.byteLength), offset);
      offset += values.byteLength;
    } else {
      for (const value of values) offset = blob.writeFloatLE(value, offset);
    }
  }
  return { epoch: checkpoint.state.epochsCompleted, state: checkpoint.state, tensors: blob };
}

export function decodeCheckpoint(state: TrainingState, tensors: Uint8Array): TrainingCheckpoint {
  const blob = Buffer.from(tensors.buffer, tensors.byteOffset, tensors.byteLength);
  if (blob.length < HEADER_LENGTH_BYTES) throw new CorruptCheckpointError('too short');
  const headerLength = blob.readUInt32LE(0);
  let header: TensorHeader | TensorHeaderFormat1;
  try {
    header = JSON.parse(
      blob.subarray(HEADER_LENGTH_BYTES, HEADER_LENGTH_BYTES + headerLength).toString('utf8'),
    );
  } catch {
    throw new CorruptCheckpointError('bad header');
  }
  if (header.format !== 1 && header.format !== 2) {
    throw new CorruptCheckpointError(`unknown format ${(header as { format: unknown }).format}`);
  }
  const slotShapes = header.format === 1 ? header.momentum : header.optimizerSlots;
  let offset = HEADER_LENGTH_BYTES + headerLength;
  const read = (shape: number[]): StoredTensor => {
    const count = sizeOf(shape);
    if (offset + count * FLOAT_BYTES > blob.length) throw new CorruptCheckpointError('truncated');
    const values = new Float32Array(count);
    if (NATIVE_LITTLE_ENDIAN) {
      // A copy, not a view: the floats in the blob need not be 4-byte aligned.
      new Uint8Array(values.buffer).set(blob.subarray(offset, offset + count * FLOAT_BYTES));
      offset += count * FLOAT_BYTES;
    } else {
      for (let i = 0; i < count; i++, offset += FLOAT_BYTES) values[i] = blob.readFloatLE(offset);
    }
    return { shape, values };
  };
  const checkpoint: TrainingCheckpoint = {
    state,
    iterations: header.iterations,
    weights: header.weights.map(read),
    optimizerSlots: slotShapes.map(read),
    bestWeights: header.bestWeights?.map(read) ?? null,
  };
  if (offset !== blob.length) throw new CorruptCheckpointError('trailing bytes');
  return checkpoint;
}
