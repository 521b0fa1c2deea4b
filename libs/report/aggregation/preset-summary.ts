import type { PresetSummary, SeedCell } from '../ablation-report';
import type { ReportExperiment } from '../report-input';
import { presetLabel, publishedTestAccuracy } from '../seed-reference';
import { mean } from '../statistics/mean';
import { describeCompleteness } from './completeness';
import { summarizePredictionLatency } from './kept-models';
import { networkCost } from './network-cost';
import { finiteValues, summarizeSample } from './sample-summary';

/**
 * One comparison-table row, except the baseline comparison (which needs the baseline's row).
 * `counted` are the experiments of the counted cells, in seed order.
 */
export function summarizePreset(
  preset: string,
  cells: SeedCell[],
  counted: readonly ReportExperiment[],
): Omit<PresetSummary, 'vsBaseline'> {
  const { completeness, statusText } = describeCompleteness(cells);
  const epochs = counted.flatMap((experiment) => experiment.metrics);
  return {
    preset,
    label: presetLabel(preset),
    completeness,
    statusText,
    seedsExpected: cells.length,
    seedsCounted: counted.length,
    seeds: cells,
    testAccuracy: summarizeSample(finiteValues(counted.map((e) => e.testAccuracy))),
    publishedTestAccuracy: publishedTestAccuracy(preset),
    bestValAccuracy: summarizeSample(finiteValues(counted.map((e) => e.bestValAccuracy))),
    bestEpochMean: mean(finiteValues(counted.map((e) => e.bestEpoch))),
    epochsRunMean: mean(counted.map((e) => e.epochsRun)),
    stoppedEarly: counted.filter((e) => e.stoppedEarly).length,
    // Pooled over every epoch of every seed, so a seed that ran longer weighs more.
    secondsPerEpoch: mean(finiteValues(epochs.map((m) => m.epochSeconds))),
    imagesPerSecond: mean(finiteValues(epochs.map((m) => m.imagesPerSecond))),
    ...networkCost(counted),
    backends: [
      ...new Set(counted.map((e) => e.backend).filter((b): b is string => b !== null)),
    ].sort(),
    predictionLatency: summarizePredictionLatency(cells),
  };
}
