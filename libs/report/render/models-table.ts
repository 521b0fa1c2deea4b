import type {
  AblationReport,
  ModelLinks,
  PresetSummary,
  SeedCell,
  SeedCellModel,
} from '../ablation-report';
import { formatMilliseconds, formatPercent, MISSING } from './format';

/** The batch sizes the report shows; the workers measure these two. */
export const SHOWN_BATCH_SIZES = [1, 256] as const;

export const MODELS_NOTE =
  'Prediction latency is the median time of one prediction call (normalising the pixels, the ' +
  'forward pass, softmax, reading the result) divided by the images in the call, measured on the ' +
  'backend of the worker process that trained the model, once per process and architecture, when ' +
  "it starts (so it varies with that machine's load at the time); per preset it is the mean over the " +
  'completed seeds with a measurement.';

export const MODEL_LINKS_NOTE =
  'The links are served by the lenet-lab API this report came from (they are paths on it): ' +
  'tfjs is the TensorFlow.js model.json (tf.loadLayersModel fetches its weights from beside it), ' +
  'ONNX the same network exported to ONNX. "final" is the last epoch\'s weights, "best" those ' +
  'early stopping restored; "reported" marks the model whose test accuracy the comparison shows.';

export interface LatencyColumn {
  header: string;
  /** The batch size of a 'ms / image' column; null for the others. */
  batchSize: number | null;
  value(row: PresetSummary): string;
}

function seedsMeasured(row: PresetSummary, batchSize: number): string {
  if (row.seedsCounted === 0) return MISSING;
  const stat = row.predictionLatency.batches.find((batch) => batch.batchSize === batchSize);
  return `${stat?.n ?? 0} of ${row.seedsCounted}`;
}

function latencyNote(row: PresetSummary): string {
  if (row.seedsCounted === 0) return 'no completed seeds';
  const seeds = row.predictionLatency.unmeasuredSeeds;
  if (seeds.length === 0) return '';
  return `not measured: seed${seeds.length === 1 ? '' : 's'} ${seeds.join(', ')}`;
}

/** Per preset the mean latency per image at each shown batch size, with the seeds it is over. */
export const LATENCY_COLUMNS: LatencyColumn[] = [
  { header: 'Preset', batchSize: null, value: (row) => row.label },
  ...SHOWN_BATCH_SIZES.flatMap((size): LatencyColumn[] => [
    {
      header: `Batch ${size}: ms / image`,
      batchSize: size,
      value: (row) =>
        formatMilliseconds(
          row.predictionLatency.batches.find((batch) => batch.batchSize === size)?.msPerImage,
        ),
    },
    { header: 'Seeds measured', batchSize: null, value: (row) => seedsMeasured(row, size) },
  ]),
  {
    header: 'Backend',
    batchSize: null,
    value: (row) =>
      row.predictionLatency.backends.length > 0
        ? row.predictionLatency.backends.join(', ')
        : MISSING,
  },
  { header: 'Note', batchSize: null, value: latencyNote },
];

export interface ModelRow {
  preset: string;
  seed: number;
  experimentId: string | null;
  variant: SeedCellModel['variant'] | null;
  /** Every column but the last, which each renderer draws from `links` or `note`. */
  cells: string[];
  links: ModelLinks | null;
  /** Why the cell has no model; null when it has one. */
  note: string | null;
}

export const MODEL_HEADERS = [
  'Preset',
  'Seed',
  'Model',
  'Epoch',
  'Test accuracy (%)',
  ...SHOWN_BATCH_SIZES.map((size) => `Batch ${size}: ms / image`),
  'Backend',
  'Download',
];

function msPerImage(model: SeedCellModel, batchSize: number): string {
  return formatMilliseconds(
    model.latency?.find((entry) => entry.batchSize === batchSize)?.msPerImage,
  );
}

function noModelReason(cell: SeedCell): string {
  if (cell.status === 'completed') return 'no model kept (completed before models were kept)';
  return `no model: ${cell.reason ?? cell.status}`;
}

function cellRows(label: string, preset: string, cell: SeedCell): ModelRow[] {
  const base = { preset, seed: cell.seed, experimentId: cell.experimentId };
  if (cell.models.length === 0) {
    return [
      {
        ...base,
        variant: null,
        cells: [
          label,
          String(cell.seed),
          // Every column between the seed and the download one.
          ...new Array<string>(MODEL_HEADERS.length - 3).fill(MISSING),
        ],
        links: null,
        note: noModelReason(cell),
      },
    ];
  }
  return cell.models.map((model) => ({
    ...base,
    variant: model.variant,
    cells: [
      label,
      String(cell.seed),
      model.reported ? `${model.variant} (reported)` : model.variant,
      String(model.epoch),
      formatPercent(model.testAccuracy),
      ...SHOWN_BATCH_SIZES.map((size) => msPerImage(model, size)),
      model.backend ?? MISSING,
    ],
    links: model.links,
    note: null,
  }));
}

/** A row per kept model of every cell, or one saying why a cell has none; preset, seed order. */
export function modelRows(report: AblationReport): ModelRow[] {
  return report.rows.flatMap((row) =>
    row.seeds.flatMap((cell) => cellRows(row.label, row.preset, cell)),
  );
}
