export * from './report-input';
export * from './prediction-latency';
export * from './ablation-report';
export * from './report-options';
export * from './report-errors';
export * from './report-format';
export * from './seed-reference';
export * from './digit-png';
export * from './statistics';
export * from './build-ablation-report';
export { renderMarkdown } from './render/render-markdown';
export { renderCsv, csvField, CSV_COLUMNS } from './render/render-csv';
export { renderJson } from './render/render-json';
export { comparisonTable, type ComparisonTable } from './render/comparison-table';
export { LATENCY_COLUMNS, type LatencyColumn } from './render/models-table';
export { renderHtml, renderHtmlSections } from './render/html/render-html';
export { HTML_STYLES } from './render/html/html-styles';
export { escapeHtml } from './render/html/html-escape';
export { renderCharts, renderVegaLiteSvg, type ReportCharts } from './render/render-charts';
export {
  SERIES_DASHES,
  SERIES_SHAPES,
  testAccuracyChartSpec,
  trainLossChartSpec,
} from './render/chart-specs';
export * from './render-report';
export * from './aggregation/confusion-matrix';
export { modelLinks } from './aggregation/kept-models';
