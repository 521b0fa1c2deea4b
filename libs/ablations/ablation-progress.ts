import { cellKey, latestPerCell, type CellExperiment } from './ablation-cells';

/** An ablation's statuses: derived from its cells (never stored), so there is no `cancelled`. */
export const ABLATION_STATUSES = ['queued', 'running', 'completed', 'failed'] as const;
export type AblationStatus = (typeof ABLATION_STATUSES)[number];
/** The ablation statuses after which nothing about it changes. */
export const FINISHED_ABLATION_STATUSES: readonly AblationStatus[] = ['completed', 'failed'];

export interface PresetProgress {
  preset: string;
  total: number;
  queued: number;
  running: number;
  completed: number;
  failed: number;
  cancelled: number;
}

export interface AblationProgress {
  status: AblationStatus;
  cells: { total: number; finished: number };
  presets: PresetProgress[];
}

/**
 * An ablation's state, derived from its cells rather than stored, so it can never disagree with
 * them. It is completed only once every cell has finished and the report is built; it failed if
 * the report could not be built or no cell produced a result.
 */
export function ablationProgress(
  ablation: {
    presets: string[];
    seeds: number[];
    reportBuiltAt: Date | null;
    reportError: string | null;
  },
  experiments: CellExperiment[],
): AblationProgress {
  const cells = latestPerCell(experiments);
  const presets = ablation.presets.map((preset) => {
    const progress: PresetProgress = {
      preset,
      total: ablation.seeds.length,
      queued: 0,
      running: 0,
      completed: 0,
      failed: 0,
      cancelled: 0,
    };
    for (const seed of ablation.seeds) {
      const status = cells.get(cellKey(preset, seed))?.status ?? 'failed';
      if (status === 'retrying' || status === 'running') progress.running++;
      else if (status === 'queued') progress.queued++;
      else progress[status as 'completed' | 'failed' | 'cancelled']++;
    }
    return progress;
  });
  const total = presets.reduce((sum, p) => sum + p.total, 0);
  const finished = presets.reduce((sum, p) => sum + p.completed + p.failed + p.cancelled, 0);
  const completed = presets.reduce((sum, p) => sum + p.completed, 0);
  const queued = presets.reduce((sum, p) => sum + p.queued, 0);

  let status: AblationStatus;
  if (ablation.reportError || (finished === total && completed === 0)) status = 'failed';
  else if (finished === total && ablation.reportBuiltAt) status = 'completed';
  else if (queued === total) status = 'queued';
  else status = 'running';
  return { status, cells: { total, finished }, presets };
}
