import type { AblationReport } from '../ablation-report';
import { markdownTable } from './markdown-text';
import { withRowHeader } from './rows-metadata';
import {
  LATENCY_COLUMNS,
  MODEL_HEADERS,
  MODEL_LINKS_NOTE,
  modelRows,
  MODELS_NOTE,
  type ModelRow,
} from './models-table';

function download(row: ModelRow): string {
  return row.links ? `[tfjs](${row.links.tfjs}) · [ONNX](${row.links.onnx})` : (row.note ?? '');
}

/** The Models section: latency per preset, then each cell's models with their links. */
export function modelsMarkdown(report: AblationReport): string {
  return [
    '## Models',
    '',
    '### Prediction latency',
    '',
    markdownTable(
      withRowHeader(
        report,
        LATENCY_COLUMNS.map((column) => column.header),
      ),
      report.rows.map((row) => LATENCY_COLUMNS.map((column) => column.value(row))),
    ),
    '',
    MODELS_NOTE,
    '',
    '### Trained models',
    '',
    markdownTable(
      withRowHeader(report, MODEL_HEADERS),
      modelRows(report).map((row) => [...row.cells, download(row)]),
    ),
    '',
    MODEL_LINKS_NOTE,
  ].join('\n');
}
