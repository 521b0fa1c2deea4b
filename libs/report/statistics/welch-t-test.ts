import { mean } from './mean';
import { sampleVariance } from './sample-std';
import { twoSidedPValue } from './student-t';

export interface WelchTTestResult {
  /** mean(b) − mean(a). */
  difference: number;
  /** Standard error of the difference, √(s²a/na + s²b/nb). */
  standardError: number;
  /** difference / standardError. */
  t: number;
  /** Welch–Satterthwaite degrees of freedom (usually fractional). */
  df: number;
  /** Two-sided p-value of "the means are equal". */
  pValue: number;
}

/**
 * Welch's unequal-variance t-test of b against a. Null when either sample has fewer than two
 * values, or both have zero variance: then the standard error is 0 and neither t nor the
 * degrees of freedom exist (reporting p = 0 would claim a certainty the data cannot give).
 */
export function welchTTest(a: readonly number[], b: readonly number[]): WelchTTestResult | null {
  const varianceA = sampleVariance(a);
  const varianceB = sampleVariance(b);
  if (varianceA === null || varianceB === null) return null;
  const termA = varianceA / a.length;
  const termB = varianceB / b.length;
  const standardError = Math.sqrt(termA + termB);
  if (standardError === 0) return null;
  const difference = (mean(b) as number) - (mean(a) as number);
  const t = difference / standardError;
  const df = (termA + termB) ** 2 / (termA ** 2 / (a.length - 1) + termB ** 2 / (b.length - 1));
  return { difference, standardError, t, df, pValue: twoSidedPValue(t, df) };
}
