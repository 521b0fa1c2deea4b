/** Arithmetic mean; null for an empty sample, where a mean does not exist (rather than NaN). */
export function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  let sum = 0;
  for (const value of values) sum += value;
  return sum / values.length;
}
