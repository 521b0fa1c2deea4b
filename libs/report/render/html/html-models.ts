import type { AblationReport, PresetSummary } from '../../ablation-report';
import {
  LATENCY_COLUMNS,
  MODEL_HEADERS,
  MODEL_LINKS_NOTE,
  modelRows,
  MODELS_NOTE,
  type ModelRow,
} from '../models-table';
import { withRowHeader } from '../rows-metadata';
import { escapeHtml, htmlRow } from './html-escape';

const LATENCY_HEADERS = LATENCY_COLUMNS.map((column) => column.header);

function latencyRow(row: PresetSummary): string {
  const cells = LATENCY_COLUMNS.map((column) => {
    const batch =
      column.batchSize === null ? '' : ` class="latency" data-batch="${column.batchSize}"`;
    return `<td${batch}>${escapeHtml(column.value(row))}</td>`;
  });
  return `<tr data-preset="${escapeHtml(row.preset)}">${cells.join('')}</tr>`;
}

function download(row: ModelRow): string {
  if (!row.links) return `<td class="note">${escapeHtml(row.note ?? '')}</td>`;
  const link = (format: string, href: string, text: string) =>
    `<a class="model-link" data-format="${format}" href="${escapeHtml(href)}">${text}</a>`;
  return `<td>${link('tfjs', row.links.tfjs, 'tfjs')} · ${link('onnx', row.links.onnx, 'ONNX')}</td>`;
}

function modelRow(row: ModelRow): string {
  const attributes = [
    `data-preset="${escapeHtml(row.preset)}"`,
    `data-seed="${row.seed}"`,
    ...(row.experimentId ? [`data-experiment="${escapeHtml(row.experimentId)}"`] : []),
    ...(row.variant ? [`data-variant="${escapeHtml(row.variant)}"`] : []),
  ];
  return `<tr ${attributes.join(' ')}>${row.cells.map((cell) => `<td>${escapeHtml(cell)}</td>`).join('')}${download(row)}</tr>`;
}

/** Latency per preset, then every cell's models with their download links. */
export function modelsSection(report: AblationReport): string {
  return `<section id="models">
<h2>Models</h2>
<h3>Prediction latency</h3>
<div class="table-wrap"><table id="prediction-latency">
<thead>${htmlRow(withRowHeader(report, LATENCY_HEADERS), 'th')}</thead>
<tbody>
${report.rows.map(latencyRow).join('\n')}
</tbody>
</table></div>
<p class="note">${escapeHtml(MODELS_NOTE)}</p>
<h3>Trained models</h3>
<div class="table-wrap"><table id="models-table">
<thead>${htmlRow(withRowHeader(report, MODEL_HEADERS), 'th')}</thead>
<tbody>
${modelRows(report).map(modelRow).join('\n')}
</tbody>
</table></div>
<p class="note">${escapeHtml(MODEL_LINKS_NOTE)}</p>
</section>`;
}
