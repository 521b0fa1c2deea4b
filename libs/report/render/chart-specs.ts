import type { TopLevelSpec } from 'vega-lite';
import type { AblationReport, CurvePoint, CurveStat } from '../ablation-report';
import { rowHeader } from './rows-metadata';

export const CHART_WIDTH = 560;
export const CHART_HEIGHT = 300;

interface ChartDatum {
  preset: string;
  epoch: number;
  value: number;
  seeds: number;
}

function chartData(
  report: AblationReport,
  pick: (point: CurvePoint) => CurveStat | null,
  scale: number,
): ChartDatum[] {
  return report.curves.flatMap((curve) =>
    curve.points.flatMap((point) => {
      const stat = pick(point);
      return stat
        ? [
            {
              preset: curve.label,
              epoch: point.epoch,
              value: stat.mean * scale,
              seeds: point.seeds,
            },
          ]
        : [];
    }),
  );
}

/**
 * Dash patterns (stroke, gap, … in pixels) for the presets in table order: the baseline solid,
 * the others each a different rhythm, so that lines lying on top of each other stay apart
 * where colour alone would not (one hidden under another, a grey print, colour blindness).
 */
export const SERIES_DASHES: number[][] = [
  [1, 0],
  [8, 4],
  [2, 3],
  [12, 3, 2, 3],
  [4, 4],
  [12, 3, 2, 3, 2, 3],
];

/** Point shapes for the presets in table order; each preset's points differ in form too. */
export const SERIES_SHAPES = [
  'circle',
  'square',
  'triangle-up',
  'diamond',
  'cross',
  'triangle-down',
];

/** Up to this many epochs each gets its tick; beyond, vega spaces them. */
const MAX_EPOCH_TICKS = 20;

/** Hollow, so that where points of several presets coincide each outline still shows. */
const POINT_MARK = { type: 'point', filled: false, size: 60, strokeWidth: 1.5 } as const;

function lineChart(
  report: AblationReport,
  data: ChartDatum[],
  title: string,
  yTitle: string,
  yScale: { type: 'linear' | 'log'; zero?: boolean },
): TopLevelSpec {
  const presets = report.curves.map((curve) => curve.label);
  const epochs = [...new Set(data.map((datum) => datum.epoch))].sort((a, b) => a - b);
  const series = { field: 'preset', type: 'nominal', title: rowHeader(report) } as const;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title,
    width: CHART_WIDTH,
    height: CHART_HEIGHT,
    data: { values: data },
    encoding: {
      x: {
        field: 'epoch',
        type: 'quantitative',
        title: 'Epoch',
        // Ticks on whole epochs only: with few epochs vega puts some between, labelled twice.
        axis: {
          tickMinStep: 1,
          format: 'd',
          ...(epochs.length <= MAX_EPOCH_TICKS && { values: epochs }),
        },
      },
      y: { field: 'value', type: 'quantitative', title: yTitle, scale: yScale },
      // Colour and shape have the same explicit domain, so Vega-Lite draws one legend for both;
      // the domain keeps the legend and the styles in the table's order, not alphabetical.
      color: { ...series, scale: { domain: presets }, legend: { labelLimit: 320 } },
    },
    layer: [
      {
        mark: { type: 'line' },
        encoding: {
          // Table order by a sort, not an explicit domain: Vega-Lite merges the legends of
          // scales with equal domains, and a dash on a legend symbol's small outline breaks
          // the shape up. (A preset with no point in this chart is left out of the sort.)
          strokeDash: { ...series, sort: presets, scale: { range: SERIES_DASHES }, legend: null },
        },
      },
      {
        // No dash: on a point's outline it would break the shape up.
        mark: POINT_MARK,
        encoding: { shape: { ...series, scale: { domain: presets, range: SERIES_SHAPES } } },
      },
    ],
    config: { font: 'sans-serif' },
  };
}

/** Mean training loss per epoch, one line per preset; log scale, as the loss spans decades. */
export function trainLossChartSpec(report: AblationReport): TopLevelSpec {
  const data = chartData(report, (point) => point.trainLoss, 1);
  // A log axis cannot show 0 (a perfectly fitted epoch could give it) and has no domain without
  // data (vega would label it 'Infinity to NaN'); both fall back to linear.
  const logScale = data.length > 0 && data.every((datum) => datum.value > 0);
  return lineChart(
    report,
    data,
    'Training loss per epoch (mean over seeds)',
    logScale ? 'Training loss (log scale)' : 'Training loss',
    logScale ? { type: 'log' } : { type: 'linear', zero: false },
  );
}

/** Mean test accuracy per epoch in percent, one line per preset. */
export function testAccuracyChartSpec(report: AblationReport): TopLevelSpec {
  return lineChart(
    report,
    chartData(report, (point) => point.testAccuracy, 100),
    'Test accuracy per epoch (mean over seeds)',
    'Test accuracy (%)',
    { type: 'linear', zero: false },
  );
}

/** Values that span at least this ratio are drawn on a log axis: a data-efficiency curve. */
export const SWEEP_LOG_RATIO = 10;

interface SweepDatum {
  value: number;
  accuracy: number;
  low: number | null;
  high: number | null;
  seeds: number;
}

/**
 * A sweep's mean test accuracy against the swept value, with each row's 95% interval; null when
 * the ablation is no sweep or no row has a result.
 */
export function sweepChartSpec(report: AblationReport): TopLevelSpec | null {
  const sweep = report.ablation.sweep;
  if (!sweep) return null;
  const data: SweepDatum[] = report.rows.flatMap((row, index) =>
    row.testAccuracy
      ? [
          {
            value: sweep.values[index],
            accuracy: row.testAccuracy.mean * 100,
            low: row.testAccuracy.ci95 ? row.testAccuracy.ci95.low * 100 : null,
            high: row.testAccuracy.ci95 ? row.testAccuracy.ci95.high * 100 : null,
            seeds: row.testAccuracy.n,
          },
        ]
      : [],
  );
  if (data.length === 0) return null;
  const values = data.map((datum) => datum.value);
  const logScale =
    Math.min(...values) > 0 && Math.max(...values) / Math.min(...values) >= SWEEP_LOG_RATIO;
  const x = {
    field: 'value',
    type: 'quantitative',
    title: logScale ? `${sweep.field} (log scale)` : sweep.field,
    scale: logScale ? { type: 'log' as const } : { zero: false },
  } as const;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: `Test accuracy against ${sweep.field} (mean over seeds, 95% interval)`,
    width: CHART_WIDTH,
    height: CHART_HEIGHT,
    data: { values: data },
    encoding: { x },
    layer: [
      {
        mark: { type: 'line' },
        encoding: {
          y: {
            field: 'accuracy',
            type: 'quantitative',
            title: 'Test accuracy (%)',
            scale: { zero: false },
          },
        },
      },
      {
        mark: POINT_MARK,
        encoding: { y: { field: 'accuracy', type: 'quantitative' } },
      },
      {
        // Rows with one seed have no interval, and so no bar.
        transform: [{ filter: 'datum.low !== null' }],
        mark: { type: 'rule' },
        encoding: { y: { field: 'low', type: 'quantitative' }, y2: { field: 'high' } },
      },
    ],
    config: { font: 'sans-serif' },
  };
}
