import type { ExperimentStatus } from '@lenet-lab/db';

/** The minimum of an experiment that ablation bookkeeping looks at. */
export interface CellExperiment {
  id: string;
  /** The row it is a cell of; null for an experiment outside any ablation. */
  ablationRow: string | null;
  seed: number;
  status: ExperimentStatus;
  createdAt: Date;
}

export function cellKey(row: string, seed: number): string {
  return `${row}#${seed}`;
}

/**
 * The experiment that stands for each (row, seed) cell: the newest one, since re-running a
 * cell adds an experiment rather than rewriting history.
 */
export function latestPerCell<E extends CellExperiment>(experiments: E[]): Map<string, E> {
  const cells = new Map<string, E>();
  for (const experiment of experiments) {
    if (experiment.ablationRow === null) continue;
    const key = cellKey(experiment.ablationRow, experiment.seed);
    const current = cells.get(key);
    if (!current || experiment.createdAt >= current.createdAt) cells.set(key, experiment);
  }
  return cells;
}
