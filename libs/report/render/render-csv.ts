import type { AblationReport, PresetSummary } from '../ablation-report';
import { SHOWN_BATCH_SIZES } from './models-table';

type CsvValue = string | number | null;
type CsvColumn = [name: string, value: (row: PresetSummary) => CsvValue];

function latencyAt(row: PresetSummary, batchSize: number) {
  return row.predictionLatency.batches.find((batch) => batch.batchSize === batchSize);
}

/**
 * Columns of the CSV, one row per preset. Accuracies are percentages (`_pct`), differences
 * percentage points (`_pp`), latency milliseconds (`_ms_`); an empty cell is a value that does
 * not exist (never NaN). A `_seeds` column counts the seeds its mean is over.
 */
const COLUMNS: CsvColumn[] = [
  ['preset', (r) => r.preset],
  ['label', (r) => r.label],
  ['completeness', (r) => r.completeness],
  ['seeds_expected', (r) => r.seedsExpected],
  ['seeds_completed', (r) => r.seedsCounted],
  [
    'missing_seeds',
    (r) =>
      r.seeds
        .filter((s) => !s.counted)
        .map((s) => s.seed)
        .join(';'),
  ],
  ['status', (r) => r.statusText],
  ['test_accuracy_mean_pct', (r) => percent(r.testAccuracy?.mean)],
  ['test_accuracy_std_pct', (r) => percent(r.testAccuracy?.std)],
  ['test_accuracy_ci95_low_pct', (r) => percent(r.testAccuracy?.ci95?.low)],
  ['test_accuracy_ci95_high_pct', (r) => percent(r.testAccuracy?.ci95?.high)],
  ['delta_vs_baseline_pp', (r) => percent(r.vsBaseline?.difference)],
  ['delta_ci95_low_pp', (r) => percent(r.vsBaseline?.ci95?.low)],
  ['delta_ci95_high_pp', (r) => percent(r.vsBaseline?.ci95?.high)],
  ['welch_t', (r) => r.vsBaseline?.t ?? null],
  ['welch_df', (r) => r.vsBaseline?.df ?? null],
  ['p_value', (r) => r.vsBaseline?.pValue ?? null],
  ['published_test_accuracy_pct', (r) => percent(r.publishedTestAccuracy)],
  ['best_val_accuracy_mean_pct', (r) => percent(r.bestValAccuracy?.mean)],
  ['best_epoch_mean', (r) => r.bestEpochMean],
  ['epochs_run_mean', (r) => r.epochsRunMean],
  ['stopped_early', (r) => r.stoppedEarly],
  ['seconds_per_epoch', (r) => r.secondsPerEpoch],
  ['images_per_second', (r) => r.imagesPerSecond],
  ['parameters', (r) => r.parameters],
  ['multiply_adds_per_image', (r) => r.multiplyAddsPerImage],
  ['backends', (r) => r.backends.join(';')],
  ...SHOWN_BATCH_SIZES.flatMap((size): CsvColumn[] => [
    [`latency_batch${size}_ms_per_image`, (r) => latencyAt(r, size)?.msPerImage ?? null],
    [`latency_batch${size}_seeds`, (r) => latencyAt(r, size)?.n ?? 0],
  ]),
  ['latency_backends', (r) => r.predictionLatency.backends.join(';')],
];

export const CSV_COLUMNS = COLUMNS.map(([name]) => name);

function percent(fraction: number | null | undefined): number | null {
  return fraction === null || fraction === undefined ? null : fraction * 100;
}

/** RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. */
export function csvField(value: CsvValue): string {
  if (value === null || (typeof value === 'number' && !Number.isFinite(value))) return '';
  // Ten significant digits drop float noise (97.49999999999999) and keep tiny p-values.
  const text = typeof value === 'number' ? String(Number(value.toPrecision(10))) : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The comparison table as CSV: a header line, then one line per preset, CRLF line ends. */
export function renderCsv(report: AblationReport): string {
  const lines = [
    CSV_COLUMNS.map(csvField).join(','),
    ...report.rows.map((row) => COLUMNS.map(([, value]) => csvField(value(row))).join(',')),
  ];
  return `${lines.join('\r\n')}\r\n`;
}
