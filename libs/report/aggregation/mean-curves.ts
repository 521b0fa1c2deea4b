import type { CurvePoint, CurveStat, PresetCurves } from '../ablation-report';
import type { ReportEpochMetric, ReportExperiment } from '../report-input';
import { presetLabel } from '../seed-reference';
import { mean } from '../statistics/mean';
import { finiteValues } from './sample-summary';

function curveStat(values: readonly (number | null)[]): CurveStat | null {
  const finite = finiteValues(values);
  const centre = mean(finite);
  return centre === null ? null : { mean: centre, n: finite.length };
}

/**
 * Per-epoch means over the counted seeds. Early-stopped runs have fewer epochs; a point averages
 * only the seeds that reached its epoch (and says how many), rather than padding the short runs
 * with their last value, which would invent epochs that were never trained.
 */
export function meanCurves(preset: string, counted: readonly ReportExperiment[]): PresetCurves {
  const byEpoch = new Map<number, ReportEpochMetric[]>();
  for (const experiment of counted) {
    for (const metric of experiment.metrics) {
      const list = byEpoch.get(metric.epoch) ?? [];
      list.push(metric);
      byEpoch.set(metric.epoch, list);
    }
  }
  const points: CurvePoint[] = [...byEpoch.keys()]
    .sort((a, b) => a - b)
    .map((epoch) => {
      const metrics = byEpoch.get(epoch) as ReportEpochMetric[];
      return {
        epoch,
        seeds: metrics.length,
        trainLoss: curveStat(metrics.map((m) => m.trainLoss)),
        trainAccuracy: curveStat(metrics.map((m) => m.trainAccuracy)),
        valAccuracy: curveStat(metrics.map((m) => m.valAccuracy)),
        testAccuracy: curveStat(metrics.map((m) => m.testAccuracy)),
      };
    });
  return {
    preset,
    label: presetLabel(preset),
    seedsCounted: counted.length,
    points,
    note: unevenLengthNote(counted, points),
  };
}

function unevenLengthNote(
  counted: readonly ReportExperiment[],
  points: readonly CurvePoint[],
): string | null {
  const firstShort = points.find((point) => point.seeds < counted.length);
  if (!firstShort) return null;
  const lastEpochs = counted
    .map((e) => Math.max(0, ...e.metrics.map((m) => m.epoch)))
    .sort((a, b) => a - b);
  return (
    `runs ended at different epochs (${lastEpochs.join(', ')}): from epoch ${firstShort.epoch} on, ` +
    `each point is the mean over only the seeds that reached it`
  );
}
