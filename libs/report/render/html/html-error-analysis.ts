import type { PresetErrorAnalysis } from '../../ablation-report';
import { formatCount, formatPercent } from '../format';
import { escapeHtml, htmlRow } from './html-escape';

/**
 * Cell shading: the diagonal in green by the class's accuracy, mistakes in red relative to the
 * preset's largest mistake, so the few confused pairs stand out against a near-perfect diagonal.
 */
function cellStyle(count: number, isDiagonal: boolean, rowTotal: number, maxError: number): string {
  if (count === 0) return '';
  const strength = isDiagonal ? count / rowTotal : count / maxError;
  const alpha = (0.1 + 0.75 * strength).toFixed(3);
  const colour = isDiagonal ? `rgba(22, 163, 74, ${alpha})` : `rgba(220, 38, 38, ${alpha})`;
  return ` style="background:${colour}"`;
}

function confusionMatrixTable(analysis: PresetErrorAnalysis, matrix: number[][]): string {
  const maxError = Math.max(
    1,
    ...matrix.flatMap((row, label) => row.filter((_, predicted) => predicted !== label)),
  );
  const names = analysis.classNames;
  const header = `<tr><th title="rows: true label; columns: predicted">true \\ pred.</th>${matrix.map((_, predicted) => `<th>${escapeHtml(names[predicted])}</th>`).join('')}<th>acc. (%)</th></tr>`;
  const rows = matrix.map((row, label) => {
    const rowTotal = row.reduce((a, b) => a + b, 0);
    const cells = row
      .map((count, predicted) => {
        const title = `${names[label]} → ${names[predicted]}: ${count}`;
        return `<td title="${escapeHtml(title)}"${cellStyle(count, label === predicted, rowTotal, maxError)}>${count}</td>`;
      })
      .join('');
    return `<tr><th>${escapeHtml(names[label])}</th>${cells}<td>${formatPercent(analysis.perClassAccuracy[label])}</td></tr>`;
  });
  return `<table class="confusion-matrix" data-preset="${escapeHtml(analysis.preset)}">
<caption>Confusion matrix, summed over seeds ${escapeHtml(analysis.seeds.join(', '))}</caption>
<thead>${header}</thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>`;
}

function confusedPairsTable(analysis: PresetErrorAnalysis): string {
  const rows = analysis.confusedPairs.map((pair) =>
    htmlRow([
      `${analysis.classNames[pair.label]} → ${analysis.classNames[pair.predicted]}`,
      String(pair.count),
      formatPercent(pair.shareOfErrors, 1),
      formatPercent(pair.rateOfClass, 2),
    ]),
  );
  return `<table class="confused-pairs">
<caption>Most confused pairs</caption>
<thead>${htmlRow(['true → predicted', 'count', 'share of errors (%)', 'of the true class (%)'], 'th')}</thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>`;
}

/** Per preset: the summed confusion matrix (shaded) and its most confused pairs. */
export function errorAnalysisSection(analyses: readonly PresetErrorAnalysis[]): string {
  const presets = analyses.map((analysis) => {
    const title = `<h3>${escapeHtml(analysis.label)}</h3>`;
    if (!analysis.confusionMatrix) {
      return `${title}\n<p class="note">No completed seed has a confusion matrix.</p>`;
    }
    const summary = `${formatCount(analysis.errors)} errors in ${formatCount(analysis.total)} test predictions (final models).`;
    return `${title}
<p class="note">${escapeHtml(summary)}</p>
<div class="error-analysis">
${confusionMatrixTable(analysis, analysis.confusionMatrix)}
${confusedPairsTable(analysis)}
</div>`;
  });
  return `<section id="error-analysis">
<h2>Error analysis</h2>
${presets.join('\n')}
</section>`;
}
