/** One batch size of a model's prediction latency, measured by the worker that trained it. */
export interface ModelLatency {
  /** Images per predict call. */
  batchSize: number;
  /** Median wall time of one call, in milliseconds. */
  msPerBatch: number;
  /** msPerBatch / batchSize. */
  msPerImage: number;
}

function isMeasured(entry: unknown): entry is ModelLatency {
  if (typeof entry !== 'object' || entry === null) return false;
  const { batchSize, msPerBatch, msPerImage } = entry as Record<string, unknown>;
  return [batchSize, msPerBatch, msPerImage].every(
    (value) => typeof value === 'number' && Number.isFinite(value),
  );
}

/**
 * The usable entries of the worker's latency JSON ([{ batchSize, msPerBatch, msPerImage, calls }]),
 * one per batch size (the first), ascending; null when there are none. A row written by an older
 * or a failed measurement is read as "not measured" instead of failing the whole report.
 */
export function readPredictionLatency(json: unknown): ModelLatency[] | null {
  if (!Array.isArray(json)) return null;
  const bySize = new Map<number, ModelLatency>();
  for (const entry of json as unknown[]) {
    if (!isMeasured(entry) || bySize.has(entry.batchSize)) continue;
    const { batchSize, msPerBatch, msPerImage } = entry;
    bySize.set(batchSize, { batchSize, msPerBatch, msPerImage });
  }
  const entries = [...bySize.values()].sort((a, b) => a.batchSize - b.batchSize);
  return entries.length > 0 ? entries : null;
}
