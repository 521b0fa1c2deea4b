import type { Interval } from './interval';
import { mean } from './mean';
import { sampleStd } from './sample-std';
import { studentTQuantile } from './student-t';

/**
 * Two-sided confidence interval of a population mean from a sample, with Student's t on n − 1
 * degrees of freedom. Null below two values: one seed says nothing about the spread. A sample
 * with zero variance gives the degenerate interval [mean, mean].
 */
export function meanConfidenceInterval(values: readonly number[], level = 0.95): Interval | null {
  const std = sampleStd(values);
  if (std === null) return null;
  const centre = mean(values) as number;
  const halfWidth =
    studentTQuantile(1 - (1 - level) / 2, values.length - 1) * (std / Math.sqrt(values.length));
  return { low: centre - halfWidth, high: centre + halfWidth };
}
