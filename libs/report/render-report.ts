import { buildAblationReport } from './build-ablation-report';
import { renderCharts } from './render/render-charts';
import { renderCsv } from './render/render-csv';
import { renderHtml, renderHtmlSections } from './render/html/render-html';
import { renderJson } from './render/render-json';
import { renderMarkdown } from './render/render-markdown';
import { UnsupportedReportFormatError } from './report-errors';
import { isReportFormat, REPORT_FORMATS, type ReportFormat } from './report-format';
import type { ReportInput } from './report-input';
import type { ReportOptions } from './report-options';

/**
 * The one entry point: an ablation's data in, the report in `format` out. Async only because
 * the HTML page's charts are rendered by vega. Throws UnsupportedReportFormatError for a format
 * that is not one of REPORT_FORMATS (it may come straight from a query string).
 */
export async function renderReport(
  input: ReportInput,
  format: ReportFormat,
  options?: ReportOptions,
): Promise<string> {
  if (!isReportFormat(format)) throw new UnsupportedReportFormatError(format, REPORT_FORMATS);
  const report = buildAblationReport(input, options);
  switch (format) {
    case 'md':
      return renderMarkdown(report);
    case 'csv':
      return renderCsv(report);
    case 'json':
      return renderJson(report);
    case 'html':
      return renderHtml(report, await renderCharts(report));
  }
}

/** The HTML report's sections after its header, for a page that embeds the report. */
export async function renderReportSections(
  input: ReportInput,
  options?: ReportOptions,
): Promise<string> {
  const report = buildAblationReport(input, options);
  return renderHtmlSections(report, await renderCharts(report));
}
