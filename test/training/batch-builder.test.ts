import { normalizePixel, type ImageSet } from '@lenet-lab/mnist';
import { BatchBuilder } from '@lenet-lab/training';

function set(): ImageSet {
  const images = new Uint8Array(3 * 784);
  images.fill(0, 0, 784);
  images.fill(255, 784, 2 * 784);
  images.fill(128, 2 * 784, 3 * 784);
  return { images, labels: Uint8Array.from([4, 0, 9]), count: 3 };
}

describe('BatchBuilder', () => {
  it('normalises pixels as (x/255 − 0.1307)/0.3081 and one-hot encodes labels in the given order', () => {
    const builder = new BatchBuilder(4);
    builder.fill(set(), Int32Array.from([2, 0, 1]), 1, 2);
    expect(builder.images[0]).toBeCloseTo(-0.1307 / 0.3081, 6);
    expect(builder.images[784]).toBeCloseTo((1 - 0.1307) / 0.3081, 6);
    const hot = Array.from(builder.oneHotLabels.subarray(0, 20)).flatMap((v, i) => (v ? [i] : []));
    expect(hot).toEqual([4, 10]);
  });

  it('clears the one-hot rows it reuses', () => {
    const builder = new BatchBuilder(1);
    builder.fill(set(), null, 0, 1);
    builder.fill(set(), null, 2, 1);
    expect(Array.from(builder.oneHotLabels)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
  });

  it('runs each image through the augmenter and normalises its output', () => {
    const builder = new BatchBuilder(2);
    const seen: number[] = [];
    builder.fill(set(), null, 1, 2, (source, sourceOffset, target, targetOffset) => {
      seen.push(source[sourceOffset]);
      target.fill(128, targetOffset, targetOffset + 784);
    });
    expect(seen).toEqual([255, 128]);
    expect(builder.images[0]).toBeCloseTo(normalizePixel(128), 6);
  });

  it('refuses more images than its capacity', () => {
    expect(() => new BatchBuilder(2).fill(set(), null, 0, 3)).toThrow(RangeError);
  });
});
