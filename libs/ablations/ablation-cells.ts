import type { ExperimentStatus } from '@lenet-lab/db';

/** The minimum of an experiment that ablation bookkeeping looks at. */
export interface CellExperiment {
  id: string;
  preset: string | null;
  seed: number;
  status: ExperimentStatus;
  createdAt: Date;
}

export function cellKey(preset: string, seed: number): string {
  return `${preset}#${seed}`;
}

/**
 * The experiment that stands for each (preset, seed) cell: the newest one, since re-running a
 * cell adds an experiment rather than rewriting history.
 */
export function latestPerCell<E extends CellExperiment>(experiments: E[]): Map<string, E> {
  const cells = new Map<string, E>();
  for (const experiment of experiments) {
    if (experiment.preset === null) continue;
    const key = cellKey(experiment.preset, experiment.seed);
    const current = cells.get(key);
    if (!current || experiment.createdAt >= current.createdAt) cells.set(key, experiment);
  }
  return cells;
}
