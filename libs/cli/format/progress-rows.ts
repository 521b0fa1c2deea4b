import type { Ablation, Experiment, ExperimentStatus, JobProgress } from '../api/api-types';
import { formatDuration, formatNumber, formatPercent } from './values';

/** One line of a progress display: one experiment. */
export interface ProgressRow {
  id: string;
  label: string;
  status: ExperimentStatus;
  /** 0–1 of the experiment's whole run. */
  fraction: number;
  /** What it is doing: epoch, batch, ETA, current accuracy. */
  detail: string;
}

/** A cell by its row (an ablation's preset or step row, else the experiment's preset). */
export function cellLabel(row: string | null, seed: number | null): string {
  return `${row ?? 'custom'} seed ${seed ?? '?'}`;
}

/** The text after the bar, e.g. "epoch 2/3 · batch 120/235 · ETA 1m05s · val 97.10%". */
export function progressDetail(
  status: ExperimentStatus,
  progress: JobProgress | null | undefined,
  testAccuracy?: number | null,
): string {
  switch (status) {
    case 'queued':
      return 'queued';
    case 'completed':
      return testAccuracy === undefined || testAccuracy === null
        ? 'completed'
        : `completed · test ${formatPercent(testAccuracy)}`;
    case 'failed':
      return 'failed';
    case 'cancelled':
      return 'cancelled';
    case 'retrying':
      return 'retrying after an error';
  }
  if (!progress) return 'starting';
  const eta = `ETA ${formatDuration(progress.etaSeconds)}`;
  switch (progress.phase) {
    case 'loading':
      return 'loading MNIST';
    case 'evaluating':
      return `epoch ${progress.epoch}/${progress.epochs} · evaluating · ${eta}`;
    case 'done':
      return `finishing · test ${formatPercent(progress.testAccuracy)}`;
    case 'training': {
      const parts = [
        `epoch ${progress.epoch}/${progress.epochs}`,
        `batch ${progress.batch}/${progress.batches}`,
        eta,
      ];
      if (progress.valAccuracy !== undefined && progress.valAccuracy !== null) {
        parts.push(`val ${formatPercent(progress.valAccuracy)}`);
      } else if (progress.trainLoss !== undefined) {
        parts.push(`loss ${formatNumber(progress.trainLoss)}`);
      }
      return parts.join(' · ');
    }
  }
}

export function rowFraction(status: ExperimentStatus, progress: JobProgress | null | undefined) {
  if (status === 'completed') return 1;
  const fraction = progress?.fraction ?? 0;
  return Math.min(1, Math.max(0, fraction));
}

/**
 * One row per cell of an ablation, in table order (row, then seed). The ablation view has
 * no accuracies, so the final test accuracy of finished cells is passed in.
 */
export function ablationRows(
  ablation: Ablation,
  testAccuracies: ReadonlyMap<string, number | null> = new Map(),
): ProgressRow[] {
  const order = (row: string | null) => (row === null ? -1 : ablation.presets.indexOf(row));
  // A re-run adds experiments to a cell; the latest one (last in the list) is the cell's state.
  const latest = new Map<string, Ablation['experiments'][number]>();
  for (const cell of ablation.experiments) latest.set(`${cell.row}#${cell.seed}`, cell);
  return [...latest.values()]
    .sort((a, b) => order(a.row) - order(b.row) || a.seed - b.seed)
    .map((cell) => ({
      id: cell.id,
      label: cellLabel(cell.row, cell.seed),
      status: cell.status,
      fraction: rowFraction(cell.status, cell.progress),
      detail: progressDetail(cell.status, cell.progress, testAccuracies.get(cell.id)),
    }));
}

export function experimentRow(experiment: Experiment): ProgressRow {
  return {
    id: experiment.id,
    label: experiment.name ?? cellLabel(experiment.preset, experiment.seed),
    status: experiment.status,
    fraction: rowFraction(experiment.status, experiment.progress),
    detail: progressDetail(experiment.status, experiment.progress, experiment.testAccuracy),
  };
}
