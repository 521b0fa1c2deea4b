import type { EpochMetric } from '@lenet-lab/db';
import { csvField } from '@lenet-lab/report';
import { toMetricView } from './experiment-view';

type MetricView = ReturnType<typeof toMetricView>;

/** Every field of the JSON `metrics`, in its order: the compiler checks none is missing. */
const COLUMNS_PRESENT: Record<keyof MetricView, true> = {
  epoch: true,
  trainLoss: true,
  trainAccuracy: true,
  valLoss: true,
  valAccuracy: true,
  testLoss: true,
  testAccuracy: true,
  learningRate: true,
  epochSeconds: true,
  imagesPerSecond: true,
  attempt: true,
};
const METRIC_CSV_COLUMNS = Object.keys(COLUMNS_PRESENT) as (keyof MetricView)[];

/**
 * An experiment's epochs as CSV (RFC 4180: a header line, CRLF line ends), the same fields and
 * units as its JSON `metrics` (accuracies as fractions), numbers to ten significant digits as in
 * the report's CSV, for spreadsheets and plotting tools.
 * An empty cell is a value the epoch did not measure (no validation split, say).
 */
export function metricsCsv(metrics: readonly EpochMetric[]): string {
  const lines = [
    METRIC_CSV_COLUMNS.join(','),
    ...metrics
      .map(toMetricView)
      .map((view) => METRIC_CSV_COLUMNS.map((column) => csvField(view[column])).join(',')),
  ];
  return `${lines.join('\r\n')}\r\n`;
}
