import type { TopLevelSpec } from 'vega-lite';
import type { AblationReport, CurvePoint, CurveStat } from '../ablation-report';

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

function lineChart(
  report: AblationReport,
  data: ChartDatum[],
  title: string,
  yTitle: string,
  yScale: { type: 'linear' | 'log'; zero?: boolean },
): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title,
    width: CHART_WIDTH,
    height: CHART_HEIGHT,
    data: { values: data },
    mark: { type: 'line', point: true },
    encoding: {
      x: {
        field: 'epoch',
        type: 'quantitative',
        title: 'Epoch',
        axis: { tickMinStep: 1, format: 'd' },
      },
      y: { field: 'value', type: 'quantitative', title: yTitle, scale: yScale },
      // The domain fixes the legend and colours to the table's preset order, not alphabetical.
      color: {
        field: 'preset',
        type: 'nominal',
        title: 'Preset',
        scale: { domain: report.curves.map((curve) => curve.label) },
        legend: { labelLimit: 320 },
      },
    },
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
