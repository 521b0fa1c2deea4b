import type { AblationReport } from '../ablation-report';

export interface DatasetHashSet {
  /** 1-based, in order of first use. */
  id: number;
  files: [file: string, sha256: string][];
  experimentIds: string[];
}

/**
 * The distinct sets of dataset SHA-256s across the grid. Usually there is one, so the renderers
 * print each hash once and tag experiments with their set instead of repeating 4 × 64 hex digits.
 */
export function datasetHashSets(report: AblationReport): DatasetHashSet[] {
  const sets = new Map<string, DatasetHashSet>();
  for (const entry of report.reproducibility.experiments) {
    if (!entry.datasetSha256) continue;
    const files = Object.entries(entry.datasetSha256).sort(([a], [b]) => a.localeCompare(b));
    const key = JSON.stringify(files);
    const set = sets.get(key) ?? { id: sets.size + 1, files, experimentIds: [] };
    set.experimentIds.push(entry.experimentId);
    sets.set(key, set);
  }
  return [...sets.values()];
}

export function datasetSetOf(sets: readonly DatasetHashSet[], experimentId: string): number | null {
  return sets.find((set) => set.experimentIds.includes(experimentId))?.id ?? null;
}
