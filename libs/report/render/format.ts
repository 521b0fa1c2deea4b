import type { Interval } from '../statistics/interval';

/** Shown for a value that does not exist (no seeds, a single seed's spread, …). */
export const MISSING = '—';

/** A fraction as a percentage without the sign, e.g. 0.97512 → '97.51'. */
export function formatPercent(fraction: number | null | undefined, digits = 2): string {
  return fraction === null || fraction === undefined ? MISSING : (fraction * 100).toFixed(digits);
}

/** A difference of fractions in percentage points, signed: 0.0071 → '+0.71'. */
export function formatPoints(fraction: number | null | undefined, digits = 2): string {
  if (fraction === null || fraction === undefined) return MISSING;
  const points = (fraction * 100).toFixed(digits);
  // toFixed can round a tiny negative to '-0.00'; a sign on zero would suggest a direction.
  if (Number(points) === 0) return (0).toFixed(digits);
  return fraction > 0 ? `+${points}` : points;
}

export function formatInterval(
  interval: Interval | null | undefined,
  format: (value: number) => string,
): string {
  return interval ? `[${format(interval.low)}, ${format(interval.high)}]` : MISSING;
}

export function formatPValue(p: number | null | undefined): string {
  if (p === null || p === undefined) return MISSING;
  return p < 0.001 ? '< 0.001' : p.toFixed(3);
}

export function formatNumber(value: number | null | undefined, digits: number): string {
  return value === null || value === undefined ? MISSING : value.toFixed(digits);
}

/**
 * Milliseconds to three significant digits, as timings span decades (0.0213 at batch 256,
 * 1.52 at batch 1); whole numbers from 100 on, where a fraction would be noise.
 */
export function formatMilliseconds(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return MISSING;
  return value >= 100 ? value.toFixed(0) : value.toPrecision(3);
}

/** Network sizes, short enough for a narrow column: 950 → '950', 44426 → '44k', 1234567 → '1.2M'. */
export function formatCompact(value: number): string {
  if (value < 1_000) return String(value);
  if (value < 999_500) return `${Math.round(value / 1_000)}k`;
  return `${Number((value / 1_000_000).toPrecision(2))}M`;
}

/** Thousands separated, for image counts: 1234567 → '1,234,567'. */
export function formatCount(value: number): string {
  return value.toLocaleString('en-US');
}
