import type { TrainedModel } from '../api/api-types';
import { renderTextTable } from './text-table';
import { formatNumber, formatPercent } from './values';

function latencyOf(model: TrainedModel, batchSize: number): string {
  const measured = model.latency?.find((l) => l.batchSize === batchSize);
  return measured ? `${formatNumber(measured.msPerImage, 3)} ms` : '–';
}

/**
 * An experiment's kept models: which weights, how good, how fast per image (batch 1 and 256,
 * on the backend that trained it), and where to fetch each in TensorFlow.js and ONNX form.
 */
export function formatModels(models: TrainedModel[], urlOf: (path: string) => string): string {
  if (models.length === 0) return 'Models: none kept';
  const table = renderTextTable(
    ['model', 'epoch', 'test acc', 'ms/image (batch 1)', 'ms/image (batch 256)', 'backend'],
    models.map((m) => [
      m.variant,
      String(m.epoch),
      formatPercent(m.testAccuracy),
      latencyOf(m, 1),
      latencyOf(m, 256),
      m.backend ?? '–',
    ]),
  );
  const links = models.flatMap((m) => [
    `  ${m.variant} (TensorFlow.js): ${urlOf(m.links.tfjs)}`,
    `  ${m.variant} (ONNX):          ${urlOf(m.links.onnx)}`,
  ]);
  return ['Models', table, ...links].join('\n');
}
