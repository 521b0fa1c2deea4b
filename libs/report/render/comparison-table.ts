import type { AblationReport, PresetSummary } from '../ablation-report';
import {
  formatCompact,
  formatInterval,
  formatNumber,
  formatPercent,
  formatPoints,
  formatPValue,
  MISSING,
} from './format';

/** Marks statistics computed over fewer seeds than the ablation asked for. */
export const INCOMPLETE_MARK = '†';

export const COMPARISON_NOTE =
  'Test accuracy is the mean ± sample standard deviation over seeds; intervals are 95% (Student t; Welch for differences). ' +
  'Size: the network’s trainable parameters / multiply-adds per image.';

export const INCOMPLETE_FOOTNOTE = `${INCOMPLETE_MARK} over the completed seeds only; the status column says which seeds are missing and why.`;

export interface ComparisonTable {
  /** What each column is, whatever its header says: the default headers, stable for lookups. */
  columns: string[];
  /** As shown: an ablation of steps says "Row" and names its reference row. */
  headers: string[];
  rows: { preset: string; flagged: boolean; cells: string[] }[];
}

const HEADERS = [
  'Preset',
  'Seeds',
  'Test accuracy (%)',
  '95% CI (%)',
  'Δ vs baseline (pp)',
  'Δ 95% CI (pp)',
  'p (Welch)',
  'Published (%)',
  'Best val. accuracy (%)',
  'Best epoch',
  'Epochs run',
  'Stopped early',
  's / epoch',
  'Images / s',
  'Size',
  'Backend',
  'Status',
];

function accuracyCell(row: PresetSummary, flag: string): string {
  const accuracy = row.testAccuracy;
  if (!accuracy) return MISSING;
  const spread = accuracy.std === null ? '' : ` ± ${formatPercent(accuracy.std)}`;
  return `${formatPercent(accuracy.mean)}${spread}${flag}`;
}

/**
 * An ablation of steps names its rows itself, and its reference row need not be a baseline
 * (leave-one-out compares with the row of every step).
 */
function headersFor(report: AblationReport): string[] {
  if (!report.ablation.definedBySteps) return HEADERS;
  const renamed: Record<string, string> = {
    Preset: 'Row',
    'Δ vs baseline (pp)': `Δ vs ${report.baselinePreset ?? 'first row'} (pp)`,
  };
  return HEADERS.map((header) => renamed[header] ?? header);
}

function rowCells(row: PresetSummary, referenceText: string): string[] {
  const flag = row.completeness === 'incomplete' ? ` ${INCOMPLETE_MARK}` : '';
  const comparison = row.vsBaseline;
  return [
    row.label,
    `${row.seedsCounted}/${row.seedsExpected}${flag}`,
    accuracyCell(row, flag),
    formatInterval(row.testAccuracy?.ci95, (v) => formatPercent(v)),
    comparison ? formatPoints(comparison.difference) : referenceText,
    formatInterval(comparison?.ci95, (v) => formatPoints(v)),
    formatPValue(comparison?.pValue),
    formatPercent(row.publishedTestAccuracy, 1),
    formatPercent(row.bestValAccuracy?.mean),
    formatNumber(row.bestEpochMean, 1),
    formatNumber(row.epochsRunMean, 1),
    row.seedsCounted > 0 ? `${row.stoppedEarly} of ${row.seedsCounted}` : MISSING,
    formatNumber(row.secondsPerEpoch, 2),
    formatNumber(row.imagesPerSecond, 0),
    row.parameters === null || row.multiplyAddsPerImage === null
      ? MISSING
      : `${formatCompact(row.parameters)} / ${formatCompact(row.multiplyAddsPerImage)}`,
    row.backends.length > 0 ? row.backends.join(', ') : MISSING,
    comparison?.note ? `${row.statusText}; Δ ${comparison.note}` : row.statusText,
  ];
}

/** The comparison table as text cells, shared by the Markdown and HTML renderers. */
export function comparisonTable(report: AblationReport): ComparisonTable {
  return {
    columns: HEADERS,
    headers: headersFor(report),
    rows: report.rows.map((row) => ({
      preset: row.preset,
      flagged: row.completeness !== 'complete',
      cells: rowCells(row, report.ablation.definedBySteps ? 'reference' : 'baseline'),
    })),
  };
}
