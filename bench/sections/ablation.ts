import { FINISHED_ABLATION_STATUSES, type Ablation } from '@lenet-lab/cli/api';
import { ABLATION_PRESETS } from '@lenet-lab/config';
import type { AblationOptions } from '../options';
import { listScheduleMakespan } from '../list-schedule';
import { progress } from '../progress';
import { ratio, secondsBetween } from '../stats';
import { startBenchSystem, type BenchSystem } from '../system/bench-system';
import { deleteBenchRows } from '../system/bench-database';
import { sleep } from '../system/experiment-run';

export interface AblationRun {
  workers: number;
  ablationId: string;
  status: Ablation['status'];
  cells: { total: number; finished: number };
  /** POST → report built (the ablation's "completed"); null unless it completed. */
  seconds: number | null;
  /** Each cell's markRunning → markCompleted, in the order the workers took them. */
  cellSeconds: CellTiming[];
  /** The last cell's markCompleted → report built. */
  reportSeconds: number | null;
}

export interface CellTiming {
  preset: string;
  /** POST → the cell's markRunning. */
  startedAfter: number;
  seconds: number;
}

export interface AblationResult {
  presets: string[];
  options: AblationOptions;
  runs: AblationRun[];
  /** Wall time with the most workers / with the fewest. */
  ratio: number | null;
  /**
   * The ratio a perfect machine would give for the first run's cells: their list-schedule
   * makespan on the most workers over their sum (see list-schedule.ts). Unequal cells keep
   * it above 1/workers.
   */
  idealRatio: number | null;
}

const POLL_MS = 500;
const FINISHED = new Set<string>(FINISHED_ABLATION_STATUSES);

/**
 * The same four-preset ablation through the system with each worker count, fresh worker
 * processes each time (so every run pays the same first-job warm-up).
 */
export async function measureAblation(
  options: AblationOptions & { databaseUrl: string; redisUrl: string },
): Promise<AblationResult> {
  const { databaseUrl, redisUrl, ...ablation } = options;
  const runs: AblationRun[] = [];
  for (const workers of ablation.workers) {
    progress(`ablation: starting the API and ${workers} worker process(es)`);
    const system = await startBenchSystem({ databaseUrl, redisUrl, workers });
    let submitted: Ablation | undefined;
    try {
      const postedAt = new Date().toISOString();
      submitted = await system.client.submitAblation({
        name: `bench: ${workers} worker(s)`,
        presets: [...ABLATION_PRESETS],
        seeds: ablation.seeds,
        overrides: {
          trainLimit: ablation.trainLimit,
          testLimit: ablation.testLimit,
          epochs: ablation.epochs,
        },
      });
      progress(`ablation: POST /api/ablations → ${submitted.progress.cells.total} cells`);
      const final = await follow(submitted.id, system);
      const seconds =
        final.status === 'completed' && final.reportBuiltAt
          ? secondsBetween(postedAt, final.reportBuiltAt)
          : null;
      progress(`ablation: ${workers} worker(s): ${final.status}, ${seconds?.toFixed(1) ?? '?'} s`);
      runs.push({
        workers,
        ablationId: final.id,
        status: final.status,
        cells: final.progress.cells,
        seconds,
        ...(await cellTimes(final, system, postedAt)),
      });
    } finally {
      await system.close();
      if (submitted) {
        await deleteBenchRows(databaseUrl, {
          experimentIds: submitted.experiments.map((cell) => cell.id),
          ablationIds: [submitted.id],
        });
      }
    }
  }
  const first = runs[0]?.cellSeconds.map((cell) => cell.seconds) ?? [];
  const most = runs.at(-1)?.workers ?? 1;
  return {
    presets: [...ABLATION_PRESETS],
    options: ablation,
    runs,
    ratio: runs.length > 1 ? ratio(runs.at(-1)!.seconds, runs[0].seconds) : null,
    idealRatio:
      runs.length > 1 && first.length > 0
        ? ratio(listScheduleMakespan(first, most), listScheduleMakespan(first, runs[0].workers))
        : null,
  };
}

/** Cells in the order they started, with how long each took in its worker; then the report. */
async function cellTimes(ablation: Ablation, system: BenchSystem, postedAt: string) {
  const cells = (
    await Promise.all(ablation.experiments.map((cell) => system.client.getExperiment(cell.id)))
  )
    .filter((e) => e.startedAt && e.finishedAt)
    .sort((a, b) => Date.parse(a.startedAt!) - Date.parse(b.startedAt!));
  const lastFinished = cells
    .map((e) => e.finishedAt!)
    .sort()
    .at(-1);
  return {
    cellSeconds: cells.map((e) => ({
      preset: e.preset ?? '?',
      startedAfter: secondsBetween(postedAt, e.startedAt!),
      seconds: secondsBetween(e.startedAt!, e.finishedAt!),
    })),
    reportSeconds:
      lastFinished && ablation.reportBuiltAt
        ? secondsBetween(lastFinished, ablation.reportBuiltAt)
        : null,
  };
}

async function follow(id: string, system: BenchSystem) {
  let finished = -1;
  for (;;) {
    system.pool.checkAlive();
    const ablation = await system.client.getAblation(id);
    if (ablation.progress.cells.finished !== finished) {
      finished = ablation.progress.cells.finished;
      progress(`ablation: ${finished}/${ablation.progress.cells.total} cells finished`);
    }
    if (FINISHED.has(ablation.status)) return ablation;
    await sleep(POLL_MS);
  }
}
