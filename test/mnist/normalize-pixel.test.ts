import { MNIST_MEAN, MNIST_STD, normalizePixel } from '@lenet-lab/mnist';

describe('normalizePixel', () => {
  it('uses the MNIST training statistics', () => {
    expect(MNIST_MEAN).toBe(0.1307);
    expect(MNIST_STD).toBe(0.3081);
  });

  it('maps background to -mean/std and full ink to (1-mean)/std', () => {
    expect(normalizePixel(0)).toBeCloseTo(-0.4242, 4);
    expect(normalizePixel(255)).toBeCloseTo(2.8215, 4);
  });

  it('maps the mean intensity to zero', () => {
    expect(normalizePixel(MNIST_MEAN * 255)).toBeCloseTo(0, 10);
  });
});
