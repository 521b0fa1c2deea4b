import { renderTextTable } from './text-table';

/** The report's comparison columns that fit a terminal; the files hold all of them. */
export const TERMINAL_COLUMNS = [
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

/** The cells of the first Markdown table after `## <heading>`; undefined if there is none. */
export function markdownTableAfter(
  markdown: string,
  heading: string,
): { headers: string[]; rows: string[][] } | undefined {
  const lines = markdown.split('\n');
  const start = lines.findIndex((line) => line.trim() === `## ${heading}`);
  if (start === -1) return undefined;
  const table: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.trim().startsWith('|')) table.push(line.trim());
    else if (table.length > 0 || line.startsWith('## ')) break;
  }
  if (table.length < 2) return undefined;
  const [header, , ...body] = table.map(splitRow);
  return { headers: header, rows: body };
}

/** The report's comparison table, narrowed to TERMINAL_COLUMNS and aligned as plain text. */
export function terminalComparisonTable(markdown: string): string | undefined {
  const table = markdownTableAfter(markdown, 'Comparison');
  if (!table) return undefined;
  const columns = TERMINAL_COLUMNS.map((name) => table.headers.indexOf(name)).filter((i) => i >= 0);
  const keep = columns.length > 0 ? columns : table.headers.map((_, i) => i);
  const status = table.headers.indexOf('Status');
  return renderTextTable(
    keep.map((i) => table.headers[i]),
    // The status cell's notes after ";" (why a Δ has no interval) are in the report files.
    table.rows.map((row) =>
      keep.map((i) => (i === status ? (row[i] ?? '').split(';')[0] : (row[i] ?? ''))),
    ),
  );
}

/** The report's latency columns (under "## Models") that the terminal shows. */
export const TERMINAL_LATENCY_COLUMNS = [
  'Preset',
  'Batch 1: ms / image',
  'Batch 256: ms / image',
  'Backend',
];

/**
 * Each preset's prediction latency from the report's Models section, as plain text; undefined
 * for a report without one (e.g. from a server older than kept models).
 */
export function terminalLatencyTable(markdown: string): string | undefined {
  const table = markdownTableAfter(markdown, 'Models');
  if (!table) return undefined;
  const keep = TERMINAL_LATENCY_COLUMNS.map((name) => table.headers.indexOf(name));
  if (keep.some((i) => i < 0)) return undefined;
  return renderTextTable(
    keep.map((i) => table.headers[i]),
    table.rows.map((row) => keep.map((i) => row[i] ?? '')),
  );
}

/** "| a | b \| c |" → ["a", "b | c"]: undoes the escaping of pipes and backslashes. */
function splitRow(line: string): string[] {
  const inner = line.replace(/^\|/, '').replace(/\|$/, '');
  const cells: string[] = [];
  let current = '';
  for (let i = 0; i < inner.length; i++) {
    if (inner[i] === '\\' && (inner[i + 1] === '|' || inner[i + 1] === '\\')) {
      current += inner[i + 1];
      i++;
    } else if (inner[i] === '|') {
      cells.push(current.trim());
      current = '';
    } else {
      current += inner[i];
    }
  }
  cells.push(current.trim());
  return cells;
}
