import type { SubmitExperimentRequest } from '@lenet-lab/cli/api';
import { runChild } from '../child/run-child';
import type { DirectJobResult, EpochWritesResult } from '../child/tasks';
import { orchestrationShare, type OrchestrationShare } from '../orchestration-share';
import { progress } from '../progress';
import { secondsBetween } from '../stats';
import { startBenchSystem } from '../system/bench-system';
import { deleteBenchRows } from '../system/bench-database';
import { runExperiment, wallSeconds, type ExperimentRun } from '../system/experiment-run';

export interface OrchestrationOptions {
  databaseUrl: string;
  redisUrl: string;
  /** The experiment: the seed's baseline, this many training images and epochs. */
  images: number;
  epochs: number;
  /** Warm system runs and direct runs, interleaved. */
  repeats: number;
  /** Per-epoch writes timed. */
  writes: number;
}

export interface StartupTiming {
  /** The API and the worker had handled an experiment before this one. */
  warm: boolean;
  /** POST → the worker's markRunning: the API, the queue and the pick-up. */
  queueSeconds: number | null;
  /** POST → its 201 (the row stored, the job queued); the worker may start before it arrives. */
  apiSeconds: number | null;
  /** markRunning → first batch: loading the data, building the model, the first batch. */
  loadSeconds: number | null;
  /** POST → first finished batch. */
  totalSeconds: number | null;
}

export interface OrchestrationResult {
  experiment: SubmitExperimentRequest;
  backend: string | null;
  device: string | null;
  runs: ExperimentRun[];
  /**
   * (a): the first run (the first request to a freshly started API, the first job of a freshly
   * started worker), and the warm runs after it.
   */
  startup: StartupTiming[];
  /** (b) */
  writes: EpochWritesResult | { error: string };
  direct: DirectJobResult[];
  /** (c) */
  share: OrchestrationShare | null;
}

/**
 * (a) POST → first batch, (b) one epoch's database writes, (c) the orchestration share of a
 * whole experiment, through the real system: API in this process, one worker process.
 */
export async function measureOrchestration(
  options: OrchestrationOptions,
): Promise<OrchestrationResult> {
  const overrides = { trainLimit: options.images, epochs: options.epochs };
  const experiment: SubmitExperimentRequest = { preset: 'baseline', config: overrides };
  const runs: ExperimentRun[] = [];
  const direct: DirectJobResult[] = [];

  progress('orchestration: starting the API and one worker process');
  const system = await startBenchSystem({ ...options, workers: 1 });
  try {
    for (let i = 0; i <= options.repeats; i++) {
      const label = i === 0 ? 'cold: fresh API and worker' : `warm, run ${i}/${options.repeats}`;
      progress(`orchestration: POST /api/experiments, baseline, ${describe(overrides)} (${label})`);
      const run = await runExperiment(system, experiment);
      runs.push(run);
      if (run.status !== 'completed') throw new Error(`experiment ${run.id} ended ${run.status}`);
      progress(`orchestration: ${describeRun(run)}`);
      if (i === 0) continue;
      progress('orchestration: the same job called directly (loadMnist + train, no system)');
      const outcome = await runChild({ kind: 'direct-job', preset: 'baseline', overrides });
      if (!outcome.ok) throw new Error(`the direct run failed: ${outcome.error}`);
      direct.push(outcome.value);
      progress(`orchestration: direct ${outcome.value.seconds.toFixed(2)} s`);
    }
  } finally {
    await system.close();
    await deleteBenchRows(options.databaseUrl, { experimentIds: runs.map((r) => r.id) });
  }

  progress(`orchestration: timing ${options.writes} epochs' database writes`);
  const writesOutcome = await runChild({
    kind: 'epoch-writes',
    databaseUrl: options.databaseUrl,
    queuePrefix: system.queuePrefix,
    samples: options.writes,
  });
  const writes = writesOutcome.ok ? writesOutcome.value : { error: writesOutcome.error };
  const warm = runs.slice(1);
  return {
    experiment,
    backend: runs[0]?.backend ?? null,
    device: runs[0]?.device ?? null,
    runs,
    startup: runs.map((run, i) => startupOf(run, i > 0)),
    writes,
    direct,
    share: orchestrationShare({
      system: warm.flatMap((run) => {
        const seconds = wallSeconds(run);
        return seconds === null ? [] : [{ seconds, trainingSeconds: run.trainingSeconds }];
      }),
      direct,
      queueSeconds: warm.map((run) => between(run.postedAt, run.startedAt)).filter(isNumber),
      writesMsPerEpoch: 'error' in writes ? null : writes.medianMs.total,
      epochs: options.epochs,
    }),
  };
}

const between = (from: string | null, to: string | null) =>
  from && to ? secondsBetween(from, to) : null;

function startupOf(run: ExperimentRun, warm: boolean): StartupTiming {
  return {
    warm,
    queueSeconds: between(run.postedAt, run.startedAt),
    apiSeconds: between(run.postedAt, run.acceptedAt),
    loadSeconds: between(run.startedAt, run.firstBatchAt),
    totalSeconds: between(run.postedAt, run.firstBatchAt),
  };
}

function describe(overrides: { trainLimit: number; epochs: number }): string {
  return `${overrides.trainLimit} images × ${overrides.epochs} epoch(s)`;
}

function describeRun(run: ExperimentRun): string {
  const s = startupOf(run, false);
  const fmt = (v: number | null) => (v === null ? '?' : v.toFixed(2));
  return (
    `POST → first batch ${fmt(s.totalSeconds)} s (→ running ${fmt(s.queueSeconds)} s, ` +
    `→ first batch ${fmt(s.loadSeconds)} s); POST → completed ${fmt(wallSeconds(run))} s, ` +
    `training batches ${run.trainingSeconds.toFixed(2)} s`
  );
}

const isNumber = (value: number | null): value is number => value !== null;
