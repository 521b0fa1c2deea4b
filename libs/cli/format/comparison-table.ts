import type { AblationReport } from '@lenet-lab/report';
// These files alone, not the report library's index: that loads vega and @stdlib (~0.5 s),
// which every CLI command would pay at start.
import { comparisonTable } from '@lenet-lab/report/render/comparison-table';
import { LATENCY_COLUMNS, type LatencyColumn } from '@lenet-lab/report/render/models-table';
import { withRowHeader } from '@lenet-lab/report/render/rows-metadata';
import { renderTextTable } from './text-table';

/** The report's comparison columns that fit a terminal; the files hold all of them. */
const TERMINAL_COLUMNS = [
  'Preset',
  'Seeds',
  'Test accuracy (%)',
  '95% CI (%)',
  'Δ vs baseline (pp)',
  'p (Welch)',
  'Best epoch',
  's / epoch',
  'Status',
];

/** The report's latency columns that the terminal shows. */
const TERMINAL_LATENCY_COLUMNS = [
  'Preset',
  'Batch 1: ms / image',
  'Batch 256: ms / image',
  'Backend',
];

/**
 * The report's comparison table (the same cells as its Markdown and HTML), narrowed to
 * TERMINAL_COLUMNS and aligned as plain text.
 */
export function terminalComparisonTable(report: AblationReport): string {
  const table = comparisonTable(report);
  const keep = columnIndexes(table.columns, TERMINAL_COLUMNS);
  const status = table.columns.indexOf('Status');
  return renderTextTable(
    keep.map((i) => table.headers[i]),
    // The status cell's notes after ";" (why a Δ has no interval) are in the report files.
    table.rows.map(({ cells }) =>
      keep.map((i) => (i === status ? cells[i].split(';')[0] : cells[i])),
    ),
  );
}

/**
 * Each preset's prediction latency, as the report's Models section has it; undefined for a
 * report without latencies (from a server older than kept models).
 */
export function terminalLatencyTable(report: AblationReport): string | undefined {
  if (report.rows.some((row) => !row.predictionLatency)) return undefined;
  const headers = LATENCY_COLUMNS.map((column) => column.header);
  const columns: LatencyColumn[] = columnIndexes(headers, TERMINAL_LATENCY_COLUMNS).map(
    (i) => LATENCY_COLUMNS[i],
  );
  return renderTextTable(
    withRowHeader(
      report,
      columns.map((column) => column.header),
    ),
    report.rows.map((row) => columns.map((column) => column.value(row))),
  );
}

/** Where each wanted column is; a name the report no longer has is a bug, not a blank column. */
function columnIndexes(headers: string[], wanted: string[]): number[] {
  return wanted.map((name) => {
    const index = headers.indexOf(name);
    if (index < 0) throw new Error(`the report has no "${name}" column`);
    return index;
  });
}
