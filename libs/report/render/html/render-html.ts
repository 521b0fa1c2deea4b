import type { AblationReport } from '../../ablation-report';
import { MISSING } from '../format';
import type { ReportCharts } from '../render-charts';
import { rowsMetadata } from '../rows-metadata';
import { comparisonSection } from './html-comparison';
import { errorAnalysisSection } from './html-error-analysis';
import { escapeHtml } from './html-escape';
import { gallerySection } from './html-gallery';
import { modelsSection } from './html-models';
import { reproducibilitySection } from './html-reproducibility';
import { HTML_STYLES } from './html-styles';

function metadata(report: AblationReport): string {
  const { ablation } = report;
  const items: [string, string][] = [
    ['Ablation', ablation.id],
    ['Created', ablation.createdAt],
    ...rowsMetadata(report),
    ['Seeds', ablation.seeds.join(', ')],
    ['Generated', report.generatedAt ?? MISSING],
  ];
  return `<dl class="metadata">
${items.map(([term, value]) => `<dt>${escapeHtml(term)}</dt><dd>${escapeHtml(value)}</dd>`).join('\n')}
</dl>`;
}

function warnings(report: AblationReport): string {
  if (report.warnings.length === 0) return '';
  return `<section class="warnings" id="warnings">
<h2>Warnings</h2>
<ul>
${report.warnings.map((warning) => `<li>${escapeHtml(warning)}</li>`).join('\n')}
</ul>
</section>`;
}

function chartsSection(report: AblationReport, charts: ReportCharts): string {
  const notes = report.curves
    .filter((curve) => curve.note)
    .map((curve) => `<li>${escapeHtml(`${curve.label}: ${curve.note}`)}</li>`);
  // The SVG comes from vega, which escapes the data's text itself; it is trusted markup here.
  return `<section id="curves">
<h2>Training curves</h2>
<div class="charts">
<figure class="chart" id="chart-train-loss">${charts.trainLoss}</figure>
<figure class="chart" id="chart-test-accuracy">${charts.testAccuracy}</figure>
${charts.sweep ? `<figure class="chart" id="chart-sweep">${charts.sweep}</figure>` : ''}
</div>
<p class="note">Each point is the mean over the completed seeds that reached that epoch.</p>
${notes.length > 0 ? `<ul class="note">\n${notes.join('\n')}\n</ul>` : ''}
</section>`;
}

/**
 * The report's sections after its header (warnings, comparison table, curves, error analysis,
 * gallery, models, reproducibility): what a page that embeds the report shows of it.
 */
export function renderHtmlSections(report: AblationReport, charts: ReportCharts): string {
  return `${warnings(report)}
${comparisonSection(report)}
${chartsSection(report, charts)}
${errorAnalysisSection(report.errorAnalysis)}
${gallerySection(report.errorAnalysis)}
${modelsSection(report)}
${reproducibilitySection(report)}`;
}

/**
 * The report as one self-contained HTML page: inline CSS, inline SVG charts, digits as data
 * URIs, no scripts and no external requests, so it can be mailed or archived as a single file.
 */
export function renderHtml(report: AblationReport, charts: ReportCharts): string {
  const title = `Ablation report: ${report.ablation.name}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${HTML_STYLES}</style>
</head>
<body>
<header>
<h1>${escapeHtml(title)}</h1>
${metadata(report)}
</header>
${renderHtmlSections(report, charts)}
</body>
</html>
`;
}
