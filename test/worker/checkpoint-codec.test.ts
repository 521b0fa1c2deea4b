import { initialTrainingState, type StoredTensor } from '@lenet-lab/training';
import {
  CorruptCheckpointError,
  decodeCheckpoint,
  encodeCheckpoint,
} from '@lenet-lab/worker/checkpoint-codec';

const tensor = (shape: number[], values: number[]): StoredTensor => ({
  shape,
  values: Float32Array.from(values),
});

/** Values a float32 round trip must keep exactly, the awkward ones included. */
const SPECIAL = [0, -0, 1.5, -3.25e-39, 3.4028234663852886e38, Infinity, -Infinity, NaN];

function checkpoint(bestWeights: StoredTensor[] | null) {
  return {
    state: initialTrainingState(7),
    iterations: 938,
    weights: [tensor([2, 4], SPECIAL), tensor([3], [1, 2, 3])],
    optimizerSlots: [
      tensor(
        [2, 4],
        SPECIAL.map((v) => v / 2),
      ),
      tensor([3], [0.1, 0.2, 0.3]),
    ],
    bestWeights,
  };
}

describe('checkpoint codec', () => {
  it.each([
    ['without best weights', null],
    ['with best weights', [tensor([2, 4], SPECIAL.slice().reverse()), tensor([3], [4, 5, 6])]],
  ])('round-trips every float bit for bit, %s', (_name, best) => {
    const original = checkpoint(best);
    const encoded = encodeCheckpoint(original);
    // An odd offset: the floats after the JSON header are not 4-byte aligned in general.
    const shifted = new Uint8Array(encoded.tensors.length + 1).subarray(1);
    shifted.set(encoded.tensors);
    const decoded = decodeCheckpoint(encoded.state, shifted);
    expect(decoded).toEqual(original);
    expect(Object.is(decoded.weights[0].values[1], -0)).toBe(true);
    expect(encoded.epoch).toBe(original.state.epochsCompleted);
  });

  it('writes little-endian float32 after a length-prefixed JSON header', () => {
    const { tensors } = encodeCheckpoint({ ...checkpoint(null), weights: [tensor([1], [1.5])] });
    const headerLength = tensors.readUInt32LE(0);
    expect(JSON.parse(tensors.subarray(4, 4 + headerLength).toString('utf8'))).toMatchObject({
      format: 2,
      weights: [[1]],
    });
    expect(tensors.readFloatLE(4 + headerLength)).toBe(1.5);
  });

  it('reads a format 1 blob, whose optimizer buffers were named momentum', () => {
    const header = Buffer.from(
      JSON.stringify({
        format: 1,
        iterations: 3,
        weights: [[1]],
        momentum: [[1]],
        bestWeights: null,
      }),
    );
    const blob = Buffer.alloc(4 + header.length + 8);
    blob.writeUInt32LE(header.length, 0);
    header.copy(blob, 4);
    blob.writeFloatLE(1.5, 4 + header.length);
    blob.writeFloatLE(0.25, 8 + header.length);
    const decoded = decodeCheckpoint(initialTrainingState(7), blob);
    expect(decoded.weights).toEqual([tensor([1], [1.5])]);
    expect(decoded.optimizerSlots).toEqual([tensor([1], [0.25])]);
    expect(decoded.iterations).toBe(3);
  });

  it.each([
    ['too short', (blob: Buffer) => blob.subarray(0, 2)],
    ['bad header', (blob: Buffer) => Buffer.concat([blob.subarray(0, 4), Buffer.from('{no')])],
    ['truncated', (blob: Buffer) => blob.subarray(0, blob.length - 4)],
    ['trailing bytes', (blob: Buffer) => Buffer.concat([blob, Buffer.alloc(4)])],
  ])('rejects a blob that is %s, naming it', (reason, corrupt) => {
    const encoded = encodeCheckpoint(checkpoint(null));
    const decode = () => decodeCheckpoint(encoded.state, corrupt(encoded.tensors));
    expect(decode).toThrow(CorruptCheckpointError);
    expect(decode).toThrow(reason);
  });
});
