import type { Interval } from './interval';
import { mean } from './mean';
import { studentTQuantile } from './student-t';
import { welchTTest } from './welch-t-test';

export interface MeanDifference {
  /** mean(b) − mean(a). */
  difference: number;
  /** Welch confidence interval of the difference; null when Welch's test is undefined. */
  ci: Interval | null;
}

/**
 * Difference of two sample means (b − a) with its Welch confidence interval. Null when either
 * sample is empty; the interval alone is null when either has one value or both have zero
 * variance (see welchTTest).
 */
export function meanDifference(
  a: readonly number[],
  b: readonly number[],
  level = 0.95,
): MeanDifference | null {
  const meanA = mean(a);
  const meanB = mean(b);
  if (meanA === null || meanB === null) return null;
  const difference = meanB - meanA;
  const test = welchTTest(a, b);
  if (test === null) return { difference, ci: null };
  const halfWidth = studentTQuantile(1 - (1 - level) / 2, test.df) * test.standardError;
  return { difference, ci: { low: difference - halfWidth, high: difference + halfWidth } };
}
