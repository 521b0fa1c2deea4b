import type {
  ModelLatency,
  ModelLinks,
  PredictionLatencyStat,
  PresetPredictionLatency,
  SeedCell,
  SeedCellModel,
} from '../ablation-report';
import type { ReportExperiment, ReportModel, ReportModelVariant } from '../report-input';
import { mean } from '../statistics/mean';

/** Where the lenet-lab API serves an experiment; the report's links are relative to its origin. */
export const EXPERIMENTS_API_PATH = '/api/experiments';

/**
 * The download paths of one model, as libs/api/model-view.ts names them. The variant is always
 * explicit, so a link fetches exactly the weights whose epoch and accuracy the report shows
 * beside it, whatever the API's default variant is.
 */
export function modelLinks(experimentId: string, variant: ReportModelVariant): ModelLinks {
  const base = `${EXPERIMENTS_API_PATH}/${pathSegment(experimentId)}`;
  const query = `?variant=${variant}`;
  return { tfjs: `${base}/model${query}`, onnx: `${base}/model.onnx${query}` };
}

/** Percent-encoded as RFC 3986 asks, parentheses too, which would end a Markdown link. */
function pathSegment(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function isMeasured(entry: ModelLatency): boolean {
  return [entry.batchSize, entry.msPerBatch, entry.msPerImage].every(
    (value) => typeof value === 'number' && Number.isFinite(value),
  );
}

/** The usable entries, one per batch size, ascending; null when there are none. */
function cleanLatency(latency: ReportModel['latency']): ModelLatency[] | null {
  const bySize = new Map<number, ModelLatency>();
  for (const { batchSize, msPerBatch, msPerImage } of latency ?? []) {
    const entry = { batchSize, msPerBatch, msPerImage };
    if (isMeasured(entry) && !bySize.has(batchSize)) bySize.set(batchSize, entry);
  }
  const entries = [...bySize.values()].sort((a, b) => a.batchSize - b.batchSize);
  return entries.length > 0 ? entries : null;
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
      latency: cleanLatency(model.latency),
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
  const measured = counted.flatMap((cell) => {
    const found = cellLatency(cell);
    return found ? [found] : [];
  });
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
    unmeasuredSeeds: counted.filter((cell) => cellLatency(cell) === null).map((cell) => cell.seed),
  };
}
