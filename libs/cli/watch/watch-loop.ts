import type { LenetLabClient } from '../api/api-client';
import type { StreamEvent } from '../api/event-stream';
import {
  TERMINAL_STATUSES,
  type Ablation,
  type Experiment,
  type LiveEvent,
} from '../api/api-types';
import { ablationRows, experimentRow } from '../format/progress-rows';
import { formatDuration, secondsBetween } from '../format/values';
import type { ProgressDisplay } from '../progress/progress-display';
import { completedCellAccuracies } from './cell-accuracies';

export interface WatchOptions {
  display: ProgressDisplay;
  /** How often the display redraws (elapsed time) and `check` runs between events. Default: 1 s. */
  intervalMs?: number;
  /** Ends the watch early (Ctrl-C); the promise then rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Runs every interval; throwing ends the watch (e.g. every worker has died). */
  check?: () => void;
  /**
   * How long the event stream may stay out of reach in a row (restarts) before the watch gives
   * up. Default: 60 s.
   */
  outageToleranceMs?: number;
}

/**
 * Follows an ablation's event stream until its report is built, drawing each cell's progress
 * as events arrive; returns the ablation's final view.
 */
export async function watchAblation(
  client: LenetLabClient,
  id: string,
  options: WatchOptions,
): Promise<Ablation> {
  const accuracies = new Map<string, number | null>();
  let view: Ablation | undefined;
  const draw = () => {
    if (!view) return;
    const rows = ablationRows(view, accuracies);
    const finished = rows.filter((row) => TERMINAL_STATUSES.includes(row.status)).length;
    const elapsed = formatDuration(secondsBetween(view.createdAt, null));
    options.display.update(
      `Ablation "${view.name}": ${finished}/${rows.length} cells finished · ${elapsed}`,
      rows,
    );
  };
  await follow(client, 'ablations', id, options, draw, async (event) => {
    if (event.type === 'snapshot') {
      view = event.data as Ablation;
      await completedCellAccuracies(client, view, accuracies);
      return;
    }
    const live = event.data as LiveEvent;
    if (!view || !('experimentId' in live)) return;
    const cell = view.experiments.find((e) => e.id === live.experimentId);
    if (!cell) return;
    if (live.type === 'progress') cell.progress = live.progress;
    if (live.type === 'status') {
      cell.status = live.status;
      if (live.status === 'completed') accuracies.set(cell.id, live.testAccuracy);
    }
  });
  return client.getAblation(id);
}

/** Follows an experiment's event stream until it finishes; returns its final view. */
export async function watchExperiment(
  client: LenetLabClient,
  id: string,
  options: WatchOptions,
): Promise<Experiment> {
  let view: Experiment | undefined;
  const draw = () => {
    if (!view) return;
    const elapsed = formatDuration(secondsBetween(view.createdAt, view.finishedAt));
    options.display.update(`Experiment ${view.id}: ${view.status} · ${elapsed}`, [
      experimentRow(view),
    ]);
  };
  await follow(client, 'experiments', id, options, draw, async (event) => {
    if (event.type === 'snapshot') view = event.data as Experiment;
    const live = event.data as LiveEvent;
    if (!view || event.type === 'snapshot') return;
    if (live.type === 'progress') view.progress = live.progress;
    if (live.type === 'status') {
      view.status = live.status;
      view.testAccuracy = live.testAccuracy;
    }
  });
  return client.getExperiment(id);
}

/**
 * Applies each event of the stream until `end`, redrawing after each and every interval, when
 * `check` runs too; a throwing check or the caller's signal ends the watch with its error.
 */
async function follow(
  client: LenetLabClient,
  kind: 'experiments' | 'ablations',
  id: string,
  options: WatchOptions,
  draw: () => void,
  apply: (event: StreamEvent) => Promise<void>,
): Promise<void> {
  const controller = new AbortController();
  const stop = () => controller.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', stop, { once: true });
  const timer = setInterval(() => {
    try {
      options.check?.();
      draw();
    } catch (error) {
      controller.abort(error);
    }
  }, options.intervalMs ?? 1_000);
  try {
    options.check?.();
    const events = client.followEvents(kind, id, {
      signal: controller.signal,
      outageToleranceMs: options.outageToleranceMs,
    });
    for await (const event of events) {
      await apply(event);
      draw();
    }
  } catch (error) {
    // The stream broke because the watch was stopped: the stop's reason is the error.
    if (controller.signal.aborted) throw controller.signal.reason;
    throw error;
  } finally {
    clearInterval(timer);
    options.signal?.removeEventListener('abort', stop);
  }
}
