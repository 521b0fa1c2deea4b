import * as tf from '@tensorflow/tfjs-core';
import { initWasmWithCpuReference, randomInput } from './kernel-harness';

beforeAll(initWasmWithCpuReference);

const CONV1 = [64, 24, 24, 6];

describe('wasm Identity and same-dtype Cast', () => {
  const backend = () => tf.findBackend('wasm')!;

  it.each([
    ['tf.clone (Identity)', (x: tf.Tensor) => tf.clone(x)],
    ['tf.cast to float32 (Cast)', (x: tf.Tensor) => tf.cast(x, 'float32')],
  ])('%s shares the buffer and outlives its input', (_name, op) => {
    const input = randomInput(CONV1, 1);
    const x = tf.tensor(input.values, CONV1);
    const buffersBefore = backend().numDataIds();
    const y = op(x);
    expect(backend().numDataIds()).toBe(buffersBefore);
    x.dispose();
    expect(y.shape).toEqual(CONV1);
    expect(y.dtype).toBe('float32');
    expect(y.dataSync()).toEqual(input.values);
    y.dispose();
    expect(backend().numDataIds()).toBe(buffersBefore - 1);
  });

  it('casts to another dtype with the stock kernel', () => {
    const x = tf.tensor1d([1.7, -2.2, 0, 3]);
    const y = tf.cast(x, 'int32');
    expect(y.dtype).toBe('int32');
    expect(Array.from(y.dataSync())).toEqual([1, -2, 0, 3]);
    const mask = tf.cast(tf.tensor1d([true, false, true], 'bool'), 'float32');
    expect(Array.from(mask.dataSync())).toEqual([1, 0, 1]);
    tf.dispose([x, y, mask]);
  });
});
