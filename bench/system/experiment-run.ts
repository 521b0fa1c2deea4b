import {
  TERMINAL_STATUSES,
  type Experiment,
  type SubmitExperimentRequest,
} from '@lenet-lab/cli/api';
import type { TrainJobProgress } from '@lenet-lab/queue';
import { secondsBetween, sum } from '../stats';
import type { BenchSystem } from './bench-system';

/** One experiment through the system, as timestamps on this machine's clock. */
export interface ExperimentRun {
  id: string;
  status: Experiment['status'];
  backend: string | null;
  device: string | null;
  /** Just before `POST /api/experiments` was sent. */
  postedAt: string;
  /** Its 201 arrived: the row is stored and the job queued. */
  acceptedAt: string;
  /** The worker took the job (markRunning). */
  startedAt: string | null;
  /** The attempt's first training batch finished (the job's progress). */
  firstBatchAt: string | null;
  /** The worker recorded the result (markCompleted). */
  finishedAt: string | null;
  /** Σ epochSeconds of the stored metrics: the training batches alone. */
  trainingSeconds: number;
  epochs: number;
}

/**
 * The first batch can be over in well under a second, and the progress that carries its time
 * is replaced by the "evaluating" one at the end of the epoch: poll the job often until then.
 */
const FIRST_BATCH_POLL_MS = 50;
/** The wall time comes from the stored finishedAt, so the status poll can be lazy. */
const STATUS_POLL_MS = 500;
const FINISHED = new Set<string>(TERMINAL_STATUSES);

/** POSTs the experiment and follows it to the end; throws if a worker dies meanwhile. */
export async function runExperiment(
  system: BenchSystem,
  body: SubmitExperimentRequest,
): Promise<ExperimentRun> {
  const postedAt = new Date().toISOString();
  const { id } = await system.client.submitExperiment(body);
  const acceptedAt = new Date().toISOString();
  let firstBatchAt: string | null = null;
  let nextStatusPoll = 0;
  for (;;) {
    system.pool.checkAlive();
    if (firstBatchAt === null) firstBatchAt = await readFirstBatchAt(system, id);
    if (Date.now() >= nextStatusPoll) {
      nextStatusPoll = Date.now() + STATUS_POLL_MS;
      const experiment = await system.client.getExperiment(id);
      if (FINISHED.has(experiment.status))
        return toRun(experiment, { postedAt, acceptedAt, firstBatchAt });
    }
    await sleep(firstBatchAt === null ? FIRST_BATCH_POLL_MS : STATUS_POLL_MS);
  }
}

async function readFirstBatchAt(system: BenchSystem, id: string): Promise<string | null> {
  const progress = (await system.queue.getJob(id))?.progress;
  if (typeof progress !== 'object' || progress === null) return null;
  return (progress as TrainJobProgress).firstBatchAt ?? null;
}

function toRun(
  experiment: Experiment,
  times: Pick<ExperimentRun, 'postedAt' | 'acceptedAt' | 'firstBatchAt'>,
): ExperimentRun {
  const metrics = experiment.metrics ?? [];
  return {
    id: experiment.id,
    status: experiment.status,
    backend: experiment.backend,
    device: experiment.device,
    ...times,
    startedAt: experiment.startedAt,
    finishedAt: experiment.finishedAt,
    trainingSeconds: sum(metrics.map((m) => m.epochSeconds ?? 0)),
    epochs: metrics.length,
  };
}

/** POST → completed, or null when it did not complete. */
export function wallSeconds(run: ExperimentRun): number | null {
  return run.status === 'completed' && run.finishedAt
    ? secondsBetween(run.postedAt, run.finishedAt)
    : null;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
