/** Shown where a value is missing, as the reports do. */
export const NONE = '–';

/** "42s", "3m05s", "1h02m": short enough for a progress bar's line. */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds < 0) {
    return NONE;
  }
  const total = Math.round(seconds);
  if (total < 60) return `${total}s`;
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const rest = total % 60;
  if (hours > 0) return `${hours}h${String(minutes).padStart(2, '0')}m`;
  return `${minutes}m${String(rest).padStart(2, '0')}s`;
}

/** An accuracy (a fraction 0–1) as a percentage. */
export function formatPercent(fraction: number | null | undefined, digits = 2): string {
  if (fraction === null || fraction === undefined || !Number.isFinite(fraction)) return NONE;
  return `${(fraction * 100).toFixed(digits)}%`;
}

export function formatNumber(value: number | null | undefined, digits = 3): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return NONE;
  return value.toFixed(digits);
}

/** An ISO timestamp as "2026-11-27 23:01:05" (UTC), or NONE. */
export function formatTimestamp(iso: string | null | undefined): string {
  if (!iso) return NONE;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, 'Z');
}

/** Seconds between two ISO timestamps (the second defaults to `now`). */
export function secondsBetween(
  fromIso: string | null | undefined,
  toIso: string | null | undefined,
  now = Date.now(),
): number | undefined {
  if (!fromIso) return undefined;
  const from = new Date(fromIso).getTime();
  const to = toIso ? new Date(toIso).getTime() : now;
  return Number.isFinite(from) && Number.isFinite(to) ? Math.max(0, (to - from) / 1000) : undefined;
}

/** "1 experiment", "8 experiments"; `many` for words that take more than an s. */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
