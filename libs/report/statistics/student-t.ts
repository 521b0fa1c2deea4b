import tCdf from '@stdlib/stats-base-dists-t-cdf';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';

// The distribution functions come from stdlib (incomplete beta done carefully); this file is the
// one place that knows, so the rest of the statistics read as maths.

/** P(T ≤ t) for Student's t with `df` degrees of freedom (df may be fractional, as Welch's is). */
export function studentTCdf(t: number, df: number): number {
  return tCdf(t, df);
}

/** The t with P(T ≤ t) = p for Student's t with `df` degrees of freedom. */
export function studentTQuantile(p: number, df: number): number {
  return tQuantile(p, df);
}

/** Two-sided p-value of an observed t statistic: P(|T| ≥ |t|). */
export function twoSidedPValue(t: number, df: number): number {
  // The lower tail of −|t| keeps precision for large |t|, where 1 − cdf(|t|) would round to 0.
  return Math.min(1, 2 * studentTCdf(-Math.abs(t), df));
}
