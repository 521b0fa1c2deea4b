import type { LenetLabClient } from '../api/api-client';
import { ApiError } from '../api/api-errors';
import {
  FINISHED_ABLATION_STATUSES,
  TERMINAL_STATUSES,
  type Ablation,
  type Experiment,
} from '../api/api-types';
import { ablationRows, experimentRow } from '../format/progress-rows';
import { formatDuration, secondsBetween } from '../format/values';
import type { ProgressDisplay } from '../progress/progress-display';
import { completedCellAccuracies } from './cell-accuracies';

export interface WatchOptions {
  display: ProgressDisplay;
  /** Between two polls. Default: 1 s. */
  intervalMs?: number;
  /** Ends the watch early (Ctrl-C); the promise then rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Runs before every poll; throwing ends the watch (e.g. every worker has died). */
  check?: () => void;
  /**
   * How long the API may fail to answer in a row (restarts, a slow report) before the watch
   * gives up. Default: 60 s.
   */
  outageToleranceMs?: number;
}

/** Polls an ablation until it is finished, drawing each cell's progress; returns its last view. */
export async function watchAblation(
  client: LenetLabClient,
  id: string,
  options: WatchOptions,
): Promise<Ablation> {
  const accuracies = new Map<string, number | null>();
  return poll(
    () => client.getAblation(id),
    async (ablation) => {
      await completedCellAccuracies(client, ablation, accuracies);
      const { finished, total } = ablation.progress.cells;
      const elapsed = formatDuration(secondsBetween(ablation.createdAt, null));
      options.display.update(
        `Ablation "${ablation.name}": ${finished}/${total} cells finished · ${ablation.status} · ${elapsed}`,
        ablationRows(ablation, accuracies),
      );
      return FINISHED_ABLATION_STATUSES.includes(ablation.status);
    },
    options,
  );
}

/** Polls an experiment until it is finished; returns its last view. */
export function watchExperiment(
  client: LenetLabClient,
  id: string,
  options: WatchOptions,
): Promise<Experiment> {
  return poll(
    () => client.getExperiment(id),
    async (experiment) => {
      const elapsed = formatDuration(secondsBetween(experiment.createdAt, experiment.finishedAt));
      options.display.update(`Experiment ${experiment.id}: ${experiment.status} · ${elapsed}`, [
        experimentRow(experiment),
      ]);
      return TERMINAL_STATUSES.includes(experiment.status);
    },
    options,
  );
}

async function poll<T>(
  read: () => Promise<T>,
  show: (value: T) => Promise<boolean>,
  options: WatchOptions,
): Promise<T> {
  const intervalMs = options.intervalMs ?? 1_000;
  const tolerance = options.outageToleranceMs ?? 60_000;
  let failingSince: number | undefined;
  for (;;) {
    options.signal?.throwIfAborted();
    options.check?.();
    try {
      const value = await read();
      failingSince = undefined;
      if (await show(value)) return value;
    } catch (error) {
      // The API's own answer (404, 400) is final; a missing answer may be a hiccup.
      if (error instanceof ApiError) throw error;
      failingSince ??= Date.now();
      if (Date.now() - failingSince > tolerance) throw error;
    }
    await sleep(intervalMs, options.signal);
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(done, ms);
    function done() {
      signal?.removeEventListener('abort', abort);
      resolve();
    }
    function abort() {
      clearTimeout(timer);
      reject(signal?.reason);
    }
    signal?.addEventListener('abort', abort, { once: true });
  });
}
