/**
 * The lowest of the windows' medians: what one call costs when nothing else is using the core.
 *
 * Timings come in consecutive windows. Within one, the median ignores the odd call that met a
 * garbage collection. Across them, the lowest median ignores the stretches when the call was
 * slower for reasons that are not its own: V8 still compiling the code around the kernels, or
 * other processes starting on the same cores (a worker measures at start-up, while the API and
 * other workers start too). `timeit`'s advice, "take the best of several repeats", for the same
 * reason. Null when no window has a timing.
 */
export function lowestWindowMedian(windows: readonly (readonly number[])[]): number | null {
  const medians = windows.filter((window) => window.length > 0).map(median);
  return medians.length > 0 ? Math.min(...medians) : null;
}

/** The middle value (mean of the two middle ones for an even count); NaN for none. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
