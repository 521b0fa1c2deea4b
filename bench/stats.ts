export { median } from '@lenet-lab/inference/lowest-window-median';

export function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

export function mean(values: readonly number[]): number {
  return values.length === 0 ? NaN : sum(values) / values.length;
}

/** a / b, or null when either is missing or b is not positive. */
export function ratio(a: number | null | undefined, b: number | null | undefined): number | null {
  if (a === null || a === undefined || b === null || b === undefined) return null;
  if (!Number.isFinite(a) || !Number.isFinite(b) || b <= 0) return null;
  return a / b;
}

/** Seconds between two instants given as epoch milliseconds or ISO strings. */
export function secondsBetween(from: number | string, to: number | string): number {
  const ms = (value: number | string) => (typeof value === 'number' ? value : Date.parse(value));
  return (ms(to) - ms(from)) / 1000;
}
