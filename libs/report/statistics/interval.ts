/** A closed interval [low, high], e.g. a confidence interval. */
export interface Interval {
  low: number;
  high: number;
}
