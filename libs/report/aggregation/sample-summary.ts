import type { SampleSummary } from '../ablation-report';
import { mean } from '../statistics/mean';
import { meanConfidenceInterval } from '../statistics/mean-confidence-interval';
import { sampleStd } from '../statistics/sample-std';

/** Mean, std and 95% CI of a sample; null for an empty one. */
export function summarizeSample(values: readonly number[]): SampleSummary | null {
  const centre = mean(values);
  if (centre === null) return null;
  return {
    n: values.length,
    mean: centre,
    std: sampleStd(values),
    ci95: meanConfidenceInterval(values, 0.95),
  };
}

/** The finite numbers among possibly-missing values (NaN is stored, but averages nothing). */
export function finiteValues(values: readonly (number | null | undefined)[]): number[] {
  return values.filter(
    (value): value is number => typeof value === 'number' && Number.isFinite(value),
  );
}
