import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import type { ImageSet } from '@lenet-lab/mnist';
import { BatchBuilder } from '@lenet-lab/training';
import { batchTensors } from '@lenet-lab/training/batch-tensors';

function twoImages(): ImageSet {
  const images = new Uint8Array(2 * 784);
  images.fill(255, 784);
  return { images, labels: Uint8Array.from([3, 7]), count: 2 };
}

describe('batchTensors', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('shapes the filled rows as NHWC images and one-hot labels, leaving the unused capacity out', async () => {
    const builder = new BatchBuilder(4);
    builder.fill(twoImages(), null, 0, 2);

    const { xs, ys } = batchTensors(builder, 2);

    expect(xs.shape).toEqual([2, 28, 28, 1]);
    expect(ys.shape).toEqual([2, 10]);
    expect(Array.from(await xs.data())).toEqual(Array.from(builder.images.subarray(0, 2 * 784)));
    expect(Array.from(await tf.argMax(ys, 1).data())).toEqual([3, 7]);
    tf.dispose([xs, ys]);
  });

  it('leaves disposal to the caller, so tf.tidy frees both tensors', () => {
    const builder = new BatchBuilder(1);
    builder.fill(twoImages(), null, 1, 1);
    const before = tf.memory().numTensors;

    tf.tidy(() => {
      batchTensors(builder, 1);
    });

    expect(tf.memory().numTensors).toBe(before);
  });
});
