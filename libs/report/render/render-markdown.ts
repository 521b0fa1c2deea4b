import type { AblationReport, PresetCurves, PresetErrorAnalysis } from '../ablation-report';
import { COMPARISON_NOTE, comparisonTable, INCOMPLETE_FOOTNOTE } from './comparison-table';
import { datasetHashSets, datasetSetOf } from './dataset-hash-sets';
import { formatCount, formatInterval, formatNumber, formatPercent, MISSING } from './format';
import { modelsMarkdown } from './markdown-models';
import { rowsMetadata, withRowHeader } from './rows-metadata';
import { markdownCell, markdownTable } from './markdown-text';

/** The report as GitHub-flavoured Markdown: the same content as the HTML page, minus pictures. */
export function renderMarkdown(report: AblationReport): string {
  return [
    header(report),
    warnings(report),
    comparison(report),
    sweep(report),
    curves(report),
    errorAnalysis(report),
    modelsMarkdown(report),
    reproducibility(report),
  ]
    .filter((section) => section !== '')
    .join('\n\n')
    .concat('\n');
}

/** A sweep's accuracy against the swept value: the HTML page's chart, as a table. */
function sweep(report: AblationReport): string {
  const swept = report.ablation.sweep;
  if (!swept) return '';
  return [
    `## Test accuracy against ${markdownCell(swept.field)}`,
    '',
    markdownTable(
      [swept.field, 'Test accuracy (%)', '95% CI (%)', 'Seeds'],
      report.rows.map((row, index) => [
        String(swept.values[index]),
        formatPercent(row.testAccuracy?.mean),
        formatInterval(row.testAccuracy?.ci95, (value) => formatPercent(value)),
        `${row.seedsCounted}/${row.seedsExpected}`,
      ]),
    ),
  ].join('\n');
}

function header(report: AblationReport): string {
  const { ablation } = report;
  return [
    `# Ablation report: ${markdownCell(ablation.name)}`,
    '',
    `- Ablation: \`${markdownCell(ablation.id)}\`, created ${ablation.createdAt}`,
    ...(ablation.definedBySteps
      ? rowsMetadata(report).map(([term, value]) => `- ${term}: ${markdownCell(value)}`)
      : [
          `- Presets: ${ablation.presets.map(markdownCell).join(', ')} (baseline: ${markdownCell(report.baselinePreset ?? MISSING)})`,
        ]),
    `- Seeds: ${ablation.seeds.join(', ')}`,
    `- Generated: ${report.generatedAt ?? MISSING}`,
  ].join('\n');
}

function warnings(report: AblationReport): string {
  if (report.warnings.length === 0) return '';
  return ['## Warnings', '', ...report.warnings.map((w) => `- ${markdownCell(w)}`)].join('\n');
}

function comparison(report: AblationReport): string {
  const table = comparisonTable(report);
  const flagged = table.rows.some((row) => row.flagged);
  return [
    '## Comparison',
    '',
    markdownTable(
      table.headers,
      table.rows.map((row) => row.cells),
    ),
    '',
    COMPARISON_NOTE,
    ...(flagged ? ['', INCOMPLETE_FOOTNOTE] : []),
  ].join('\n');
}

function curveTable(
  report: AblationReport,
  value: (point: PresetCurves['points'][number]) => string,
): string {
  const epochs = [...new Set(report.curves.flatMap((c) => c.points.map((p) => p.epoch)))].sort(
    (a, b) => a - b,
  );
  const rows = epochs.map((epoch) => [
    String(epoch),
    ...report.curves.map((curve) => {
      const point = curve.points.find((p) => p.epoch === epoch);
      return point ? `${value(point)} (${point.seeds})` : MISSING;
    }),
  ]);
  return markdownTable(['Epoch', ...report.curves.map((c) => c.label)], rows);
}

function curves(report: AblationReport): string {
  if (report.curves.every((c) => c.points.length === 0)) return '';
  const notes = report.curves
    .filter((c) => c.note)
    .map((c) => `- ${markdownCell(c.label)}: ${markdownCell(c.note!)}`);
  return [
    '## Training curves',
    '',
    'Mean over the completed seeds at each epoch; the number of seeds contributing is in parentheses.',
    ...(notes.length > 0 ? ['', ...notes] : []),
    '',
    '### Test accuracy (%)',
    '',
    curveTable(report, (p) => formatPercent(p.testAccuracy?.mean)),
    '',
    '### Training loss',
    '',
    curveTable(report, (p) => formatNumber(p.trainLoss?.mean, 4)),
  ].join('\n');
}

function presetErrors(analysis: PresetErrorAnalysis): string {
  const title = `### ${markdownCell(analysis.label)}`;
  if (!analysis.confusionMatrix)
    return [title, '', 'No completed seed has a confusion matrix.'].join('\n');
  const classes = analysis.classNames;
  return [
    title,
    '',
    `Summed over seeds ${analysis.seeds.join(', ')}: ${formatCount(analysis.errors)} errors in ${formatCount(analysis.total)} test predictions.`,
    '',
    markdownTable(
      ['True \\ predicted', ...classes],
      analysis.confusionMatrix.map((row, label) => [classes[label], ...row.map(String)]),
    ),
    '',
    markdownTable(
      ['Class', ...classes],
      [['Accuracy (%)', ...analysis.perClassAccuracy.map((a) => formatPercent(a))]],
    ),
    '',
    markdownTable(
      ['True → predicted', 'Count', 'Share of errors (%)', 'Of the true class (%)'],
      analysis.confusedPairs.map((pair) => [
        `${classes[pair.label]} → ${classes[pair.predicted]}`,
        String(pair.count),
        formatPercent(pair.shareOfErrors, 1),
        formatPercent(pair.rateOfClass, 2),
      ]),
    ),
    ...(analysis.gallery.length > 0
      ? [
          '',
          `Most confident mistakes of seed ${analysis.gallerySeed} (test index: true → predicted (confidence)): ` +
            analysis.gallery
              .map(
                (item) =>
                  `#${item.index}: ${classes[item.label]} → ${classes[item.predicted]} (${item.confidence.toFixed(2)})`,
              )
              .join(', '),
        ]
      : []),
  ].join('\n');
}

function errorAnalysis(report: AblationReport): string {
  return ['## Error analysis', ...report.errorAnalysis.map(presetErrors)].join('\n\n');
}

function reproducibility(report: AblationReport): string {
  const { experiments, packageVersions } = report.reproducibility;
  const sets = datasetHashSets(report);
  const packages = Object.entries(packageVersions);
  return [
    '## Reproducibility',
    '',
    markdownTable(
      withRowHeader(report, [
        'Preset',
        'Seed',
        'Status',
        'Experiment',
        'Config hash',
        'Code version',
        'Backend',
        'Device',
        'Dataset',
      ]),
      experiments.map((e) => [
        e.preset,
        String(e.seed),
        e.status,
        e.experimentId,
        e.configHash,
        e.codeVersion ?? MISSING,
        e.backend ?? MISSING,
        e.device ?? MISSING,
        datasetLabel(datasetSetOf(sets, e.experimentId)),
      ]),
    ),
    ...sets.flatMap((set) => [
      '',
      `Dataset ${datasetLabel(set.id)} SHA-256:`,
      '',
      ...set.files.map(([file, sha]) => `- ${markdownCell(file)}: \`${markdownCell(sha)}\``),
    ]),
    ...(packages.length > 0
      ? [
          '',
          markdownTable(
            ['Package', 'Version'],
            packages.map(([name, version]) => [name, version]),
          ),
        ]
      : []),
  ].join('\n');
}

function datasetLabel(id: number | null): string {
  return id === null ? MISSING : `D${id}`;
}
