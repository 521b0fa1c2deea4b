import type { EpochMetric } from '@lenet-lab/contract';
import { renderVegaLiteSvg } from '@lenet-lab/report';
import type { TopLevelSpec } from 'vega-lite';

const CHART_WIDTH = 420;
const CHART_HEIGHT = 240;

type Series = [label: string, pick: (metric: EpochMetric) => number | null];

const LOSS_SERIES: Series[] = [
  ['train', (m) => m.trainLoss],
  ['validation', (m) => m.valLoss],
  ['test', (m) => m.testLoss],
];

/** Accuracies as percentages, as the report shows them. */
const ACCURACY_SERIES: Series[] = [
  ['train', (m) => m.trainAccuracy * 100],
  ['validation', (m) => (m.valAccuracy === null ? null : m.valAccuracy * 100)],
  ['test', (m) => (m.testAccuracy === null ? null : m.testAccuracy * 100)],
];

/** Lines per series over the epochs; a value the API gives as null (a NaN loss) is left out. */
export function experimentChartSpec(
  metrics: EpochMetric[],
  series: Series[],
  title: string,
): TopLevelSpec {
  const values = series.flatMap(([label, pick]) =>
    metrics.flatMap((metric) => {
      const value = pick(metric);
      return typeof value === 'number' && Number.isFinite(value)
        ? [{ series: label, epoch: metric.epoch, value }]
        : [];
    }),
  );
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title,
    width: CHART_WIDTH,
    height: CHART_HEIGHT,
    data: { values },
    mark: { type: 'line', point: true },
    encoding: {
      // A tick at each epoch and only there: epochs are whole numbers, and vega's own ticks
      // for a short run fall between them.
      x: {
        field: 'epoch',
        type: 'quantitative',
        title: 'Epoch',
        axis: { values: metrics.map((metric) => metric.epoch), format: 'd' },
      },
      y: { field: 'value', type: 'quantitative', title, scale: { zero: false } },
      color: { field: 'series', type: 'nominal', title: null, sort: series.map(([l]) => l) },
    },
  };
}

/** The experiment's loss and accuracy curves as SVG, drawn on the server like the report's. */
export async function experimentCurves(metrics: EpochMetric[]): Promise<string> {
  if (metrics.length === 0) return '<p class="note">No finished epoch yet.</p>';
  const [loss, accuracy] = await Promise.all([
    renderVegaLiteSvg(experimentChartSpec(metrics, LOSS_SERIES, 'Loss')),
    renderVegaLiteSvg(experimentChartSpec(metrics, ACCURACY_SERIES, 'Accuracy (%)')),
  ]);
  return `<div class="charts"><figure class="chart" id="chart-loss">${loss}</figure><figure class="chart" id="chart-accuracy">${accuracy}</figure></div>`;
}
