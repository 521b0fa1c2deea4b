import { mean } from './mean';

/**
 * Unbiased sample variance (divisor n − 1); null below two values, where it is undefined.
 * Two passes (mean first, then squared deviations) because accuracies of different seeds agree
 * to several digits and the one-pass sum-of-squares formula would cancel them away.
 */
export function sampleVariance(values: readonly number[]): number | null {
  if (values.length < 2) return null;
  const centre = mean(values) as number;
  let squares = 0;
  for (const value of values) squares += (value - centre) ** 2;
  return squares / (values.length - 1);
}

/** Sample standard deviation (n − 1); null below two values. */
export function sampleStd(values: readonly number[]): number | null {
  const variance = sampleVariance(values);
  return variance === null ? null : Math.sqrt(variance);
}
