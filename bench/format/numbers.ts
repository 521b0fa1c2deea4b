/** Shown where a value is missing. */
export const NONE = '–';

/** 4216 → "4,216"; fixed decimals when asked. */
export function num(value: number | null | undefined, digits = 0): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return NONE;
  return value.toLocaleString('en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

export function loads(values: number[] | null): string {
  return values ? values.map((v) => v.toFixed(2)).join(' ') : NONE;
}
