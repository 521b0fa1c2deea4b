import type {
  ModelLinks,
  PredictionLatencyStat,
  PresetPredictionLatency,
  SeedCell,
  SeedCellModel,
} from '../ablation-report';
import type { ModelLatency } from '../prediction-latency';
import type { ReportExperiment, ReportModelVariant } from '../report-input';
import { mean } from '../statistics/mean';
// The file alone, not the models library: the report does no I/O and loads no TensorFlow.js.
import { experimentPath, modelPaths } from '@lenet-lab/models/model-paths';

/**
 * The download paths of one model. The variant is always explicit, so a link fetches exactly
 * the weights whose epoch and accuracy the report shows beside it.
 */
export function modelLinks(experimentId: string, variant: ReportModelVariant): ModelLinks {
  const { tfjs, onnx } = modelPaths(experimentPath(experimentId), variant);
  return { tfjs, onnx };
}

/**
 * The models of a cell, the reported one first. Only a completed experiment's: the API answers
 * 409 for the models of any other, so linking them would only produce broken links.
 */
export function keptModels(experiment: ReportExperiment): SeedCellModel[] {
  if (experiment.status !== 'completed') return [];
  const { models } = experiment;
  const hasBest = models.some((model) => model.variant === 'best');
  return models
    .map((model) => ({
      variant: model.variant,
      reported: model.variant === 'best' || !hasBest,
      epoch: model.epoch,
      testAccuracy: model.testAccuracy,
      latency: model.latency,
      backend: model.backend,
      links: modelLinks(experiment.id, model.variant),
    }))
    .sort((a, b) => Number(b.reported) - Number(a.reported) || a.variant.localeCompare(b.variant));
}

/**
 * A cell's latency: its reported model's, or any other model's (the worker times one network
 * and stores the same timings with both variants, which share an architecture).
 */
export function cellLatency(
  cell: SeedCell,
): { latency: ModelLatency[]; backend: string | null } | null {
  const measured = cell.models.find((model) => model.latency !== null);
  return measured ? { latency: measured.latency!, backend: measured.backend } : null;
}

/** Per batch size the mean latency over the counted cells that were measured at it. */
export function summarizePredictionLatency(cells: readonly SeedCell[]): PresetPredictionLatency {
  const counted = cells.filter((cell) => cell.counted);
  const latencies = counted.map((cell) => ({ seed: cell.seed, found: cellLatency(cell) }));
  const measured = latencies.flatMap(({ found }) => (found ? [found] : []));
  const batchSizes = [...new Set(measured.flatMap((m) => m.latency.map((l) => l.batchSize)))].sort(
    (a, b) => a - b,
  );
  const batches: PredictionLatencyStat[] = batchSizes.map((batchSize) => {
    const entries = measured.flatMap((m) => m.latency.filter((l) => l.batchSize === batchSize));
    return {
      batchSize,
      n: entries.length,
      msPerImage: mean(entries.map((l) => l.msPerImage))!,
      msPerBatch: mean(entries.map((l) => l.msPerBatch))!,
    };
  });
  return {
    batches,
    backends: [
      ...new Set(measured.map((m) => m.backend).filter((b): b is string => b !== null)),
    ].sort(),
    unmeasuredSeeds: latencies.filter(({ found }) => found === null).map(({ seed }) => seed),
  };
}
