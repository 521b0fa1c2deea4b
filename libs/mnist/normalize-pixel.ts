/** Mean and standard deviation of the MNIST training pixels scaled to [0, 1]. */
export const MNIST_MEAN = 0.1307;
export const MNIST_STD = 0.3081;
export const PIXEL_MAX = 255;

/** A raw pixel byte (0–255) scaled to [0, 1] and standardised with the training statistics. */
export function normalizePixel(value: number): number {
  return (value / PIXEL_MAX - MNIST_MEAN) / MNIST_STD;
}
