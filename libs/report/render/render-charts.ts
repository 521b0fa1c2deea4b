import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { AblationReport } from '../ablation-report';
import { sweepChartSpec, testAccuracyChartSpec, trainLossChartSpec } from './chart-specs';

export interface ReportCharts {
  trainLoss: string;
  testAccuracy: string;
  /** A sweep's accuracy against the swept value; absent for other designs. */
  sweep?: string;
}

/** A Vega-Lite spec drawn as an SVG string, headless: no canvas, no DOM, no network. */
export async function renderVegaLiteSvg(spec: TopLevelSpec): Promise<string> {
  const view = new View(parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** The charts of the HTML page as SVG markup. */
export async function renderCharts(report: AblationReport): Promise<ReportCharts> {
  const sweepSpec = sweepChartSpec(report);
  const [trainLoss, testAccuracy, sweep] = await Promise.all([
    renderVegaLiteSvg(trainLossChartSpec(report)),
    renderVegaLiteSvg(testAccuracyChartSpec(report)),
    sweepSpec ? renderVegaLiteSvg(sweepSpec) : undefined,
  ]);
  return { trainLoss, testAccuracy, ...(sweep !== undefined && { sweep }) };
}
