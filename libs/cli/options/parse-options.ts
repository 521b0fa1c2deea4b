import path from 'node:path';
import { InvalidArgumentError } from 'commander';
import { REPORT_FORMATS, type ReportFormat } from '../api/api-types';

// Commander calls these with the raw text of an option; InvalidArgumentError makes it print
// "error: option '--seeds <list>' argument '1,x' is invalid. <message>" and exit 1.

/** "a, b,,c" → ["a", "b", "c"] */
export function parseList(value: string): string[] {
  const items = value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  if (items.length === 0) throw new InvalidArgumentError('Expected a comma-separated list.');
  return items;
}

/** "1,2,3" → [1, 2, 3]: non-negative integers, no repeats. */
export function parseSeeds(value: string): number[] {
  const seeds = parseList(value).map((item) => {
    if (!/^\d+$/.test(item))
      throw new InvalidArgumentError(`"${item}" is not a seed (0, 1, 2, …).`);
    return Number(item);
  });
  if (new Set(seeds).size !== seeds.length) throw new InvalidArgumentError('A seed is repeated.');
  return seeds;
}

export function parsePositiveInt(value: string): number {
  if (!/^\d+$/.test(value.trim()) || Number(value) < 1) {
    throw new InvalidArgumentError('Expected a whole number of at least 1.');
  }
  return Number(value);
}

export function parseNonNegativeInt(value: string): number {
  if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError('Expected a whole number.');
  return Number(value);
}

/** A TCP port; 0 lets the OS choose a free one. */
export function parsePort(value: string): number {
  if (!/^\d+$/.test(value.trim()) || Number(value) > 65535) {
    throw new InvalidArgumentError('Expected a port, 0–65535.');
  }
  return Number(value);
}

/** An image limit: a whole number of at least 1, or "all" (null: no limit). */
export function parseLimit(value: string): number | null {
  if (value.trim().toLowerCase() === 'all') return null;
  return parsePositiveInt(value);
}

/** '{"epochs": 1}' → { epochs: 1 } */
export function parseJsonObject(value: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch (error) {
    throw new InvalidArgumentError(`Not valid JSON: ${(error as Error).message}.`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new InvalidArgumentError('Expected a JSON object, e.g. \'{"epochs": 3}\'.');
  }
  return parsed as Record<string, unknown>;
}

export function parseReportFormat(value: string): ReportFormat {
  if (!(REPORT_FORMATS as readonly string[]).includes(value)) {
    throw new InvalidArgumentError(`Expected one of ${REPORT_FORMATS.join(', ')}.`);
  }
  return value as ReportFormat;
}

/** "out/report.html" → "html"; undefined when the extension is not a report format. */
export function formatOfFile(file: string | undefined): ReportFormat | undefined {
  const extension = file ? path.extname(file).slice(1).toLowerCase() : '';
  const aliases: Record<string, ReportFormat> = { markdown: 'md', htm: 'html' };
  const format = aliases[extension] ?? extension;
  return (REPORT_FORMATS as readonly string[]).includes(format)
    ? (format as ReportFormat)
    : undefined;
}
