import type { AblationReport } from '../../ablation-report';
import { COMPARISON_NOTE, comparisonTable, INCOMPLETE_FOOTNOTE } from '../comparison-table';
import { escapeHtml, htmlRow } from './html-escape';

/** The comparison table; rows of incomplete presets carry the class `incomplete`. */
export function comparisonSection(report: AblationReport): string {
  const table = comparisonTable(report);
  const rows = table.rows.map(
    (row) =>
      `<tr data-preset="${escapeHtml(row.preset)}"${row.flagged ? ' class="incomplete"' : ''}>` +
      `${row.cells.map((cell) => `<td>${escapeHtml(cell)}</td>`).join('')}</tr>`,
  );
  const flagged = table.rows.some((row) => row.flagged);
  return `<section>
<h2>Comparison</h2>
<div class="table-wrap"><table id="comparison-table">
<thead>${htmlRow(table.headers, 'th')}</thead>
<tbody>
${rows.join('\n')}
</tbody>
</table></div>
<p class="note">${escapeHtml(COMPARISON_NOTE)}${flagged ? ` ${escapeHtml(INCOMPLETE_FOOTNOTE)}` : ''}</p>
</section>`;
}
