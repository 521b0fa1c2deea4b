import type { FlowProducer } from 'bullmq';
import {
  ABLATION_PRESETS,
  ConfigValidationError,
  configHash,
  deepMerge,
  resolveConfig,
  type JsonObject,
} from '@lenet-lab/config';
import {
  isTerminalStatus,
  RERUNNABLE_STATUSES,
  type AblationRepository,
  type ExperimentRepository,
  type IdempotencyRepository,
  type Prisma,
} from '@lenet-lab/db';
import { InvalidRequestError, NotFoundError } from '@lenet-lab/errors';
import { createAndEnqueue, IDEMPOTENCY_SCOPES } from '@lenet-lab/idempotency';
import { enqueueAblationFlow, readTrainingJobs, type TrainingQueue } from '@lenet-lab/queue';
import { latestPerCell } from './ablation-cells';
import { ablationProgress } from './ablation-progress';

export interface SubmitAblationInput {
  name?: string;
  presets?: string[];
  seeds?: number[];
  overrides?: Record<string, unknown>;
}

export interface AblationServiceDeps {
  ablations: AblationRepository;
  experiments: ExperimentRepository;
  /** Clients' Idempotency-Keys, written with the ablation they created. */
  idempotency: IdempotencyRepository;
  /** How long a key is remembered. Default: forever. */
  idempotencyTtlMs?: number;
  flows: FlowProducer;
  trainingQueue: TrainingQueue;
  /** Recorded on each cell, so that this deployment's workers look after it. */
  queuePrefix: string;
  /** Cancels one experiment (status first, then its job). */
  cancelExperiment(id: string): Promise<unknown>;
}

export const DEFAULT_SEEDS = [1, 2, 3];

/** Ablations: create the preset × seed cells, enqueue them as one flow, report progress. */
export class AblationService {
  constructor(private readonly deps: AblationServiceDeps) {}

  /**
   * Validates every cell's config before anything is written or enqueued. With an idempotency
   * key the key is written in the cells' transaction: the same key and request again answer
   * with that ablation (`replayed`), writing and enqueueing nothing.
   */
  async submit(input: SubmitAblationInput, idempotencyKey?: string) {
    const presets = input.presets ?? [...ABLATION_PRESETS];
    const seeds = input.seeds ?? DEFAULT_SEEDS;
    const overrides = input.overrides ?? {};
    if ('seed' in overrides) {
      throw new InvalidRequestError('overrides.seed: set the seeds with "seeds", not in overrides');
    }
    const cells = presets.flatMap((preset) =>
      seeds.map((seed) => this.cell(preset, seed, overrides)),
    );
    const fields = {
      name: input.name ?? `ablation of ${presets.join(', ')}`,
      presets,
      seeds,
      overrides: overrides as Prisma.InputJsonValue,
    };
    const outcome = await createAndEnqueue({
      keys: this.deps.idempotency,
      ttlMs: this.deps.idempotencyTtlMs,
      scope: IDEMPOTENCY_SCOPES.ablations,
      key: idempotencyKey,
      request: input,
      create: (claim) => this.deps.ablations.createWithExperiments(fields, cells, claim),
      enqueue: (ablation) => this.enqueueCells(ablation.id, ablation.experiments),
      undo: async (ablation) => {
        for (const experiment of ablation.experiments) {
          await this.deps.experiments.delete(experiment.id);
        }
        await this.deps.ablations.delete(ablation.id);
      },
    });
    // A replay enqueues nothing: the first request did, and a second flow would add a report job.
    const id = outcome.replayed ? outcome.resourceId : outcome.created.id;
    return { ...(await this.get(id)), replayed: outcome.replayed };
  }

  /**
   * The ablation, its cells' progress and their jobs' live progress. A cell whose job's lock
   * has expired is counted and shown as retrying, as the experiment itself is (ExperimentService).
   */
  async get(id: string) {
    const stored = await this.deps.ablations.findById(id);
    if (!stored) throw new NotFoundError('ablation', id);
    const jobs = await this.liveJobs(stored.experiments);
    const experiments = stored.experiments.map((e) =>
      e.status === 'running' && jobs.get(e.id)?.lockLost
        ? { ...e, status: 'retrying' as const }
        : e,
    );
    const ablation = { ...stored, experiments };
    const jobProgress = new Map([...jobs].map(([cell, job]) => [cell, job?.progress ?? null]));
    return { ablation, progress: ablationProgress(ablation, experiments), jobProgress };
  }

  /** The jobs of the cells still training; empty if Redis is down. */
  private async liveJobs(experiments: { id: string; status: string }[]) {
    const live = experiments.filter((e) => e.status === 'running' || e.status === 'retrying');
    try {
      return await readTrainingJobs(
        this.deps.trainingQueue,
        live.map((e) => e.id),
      );
    } catch {
      return new Map<string, null>();
    }
  }

  /** Cancels every unfinished cell; finished ones keep their results for the report. */
  async cancel(id: string) {
    const { ablation } = await this.get(id);
    for (const experiment of ablation.experiments) {
      if (!isTerminalStatus(experiment.status)) {
        await this.deps.cancelExperiment(experiment.id);
      }
    }
    return this.get(id);
  }

  list(page: { limit: number; offset: number }) {
    return this.deps.ablations.list(page);
  }

  /**
   * Trains again the cells whose latest experiment failed or was cancelled, as new experiments
   * (history is kept), under a new report job. Completed cells are not repeated.
   */
  async rerunMissing(id: string) {
    const { ablation } = await this.get(id);
    const latest = latestPerCell(ablation.experiments);
    const overrides = ablation.overrides as JsonObject;
    const cells = ablation.presets.flatMap((preset) =>
      ablation.seeds
        .filter((seed) => {
          const cell = latest.get(`${preset}#${seed}`);
          return !cell || RERUNNABLE_STATUSES.includes(cell.status);
        })
        .map((seed) => this.cell(preset, seed, overrides)),
    );
    if (cells.length === 0) return { ...(await this.get(id)), rerun: [] as string[] };
    const created = await this.deps.ablations.addExperiments(id, cells);
    await this.enqueueCells(id, created);
    return { ...(await this.get(id)), rerun: created.map((e) => e.id) };
  }

  /** One (preset, seed) cell's experiment, its config validated and resolved. */
  private cell(preset: string, seed: number, overrides: JsonObject) {
    const config = resolveCell(preset, seed, overrides);
    return {
      name: `${preset}-seed${seed}`,
      preset,
      seed,
      config,
      configHash: configHash(config),
      queuePrefix: this.deps.queuePrefix,
    };
  }

  /** The cells' training jobs and, once they have all finished, a report job: one flow. */
  private async enqueueCells(ablationId: string, experiments: { id: string; seed: number }[]) {
    await enqueueAblationFlow(
      this.deps.flows,
      ablationId,
      Date.now(),
      seedMajor(experiments).map((e) => e.id),
    );
  }
}

/**
 * Queue order: every preset of the first seed, then the next seed, so that a long ablation has
 * a complete (if single-seed) comparison early, instead of all seeds of the baseline first.
 */
function seedMajor<E extends { seed: number }>(experiments: E[]): E[] {
  return experiments
    .map((experiment, index) => ({ experiment, index }))
    .sort((a, b) => a.experiment.seed - b.experiment.seed || a.index - b.index)
    .map(({ experiment }) => experiment);
}

function resolveCell(preset: string, seed: number, overrides: JsonObject) {
  try {
    return resolveConfig({ preset, overrides: deepMerge(overrides, { seed }) });
  } catch (error) {
    if (error instanceof ConfigValidationError) {
      throw new ConfigValidationError(
        error.issues.map((issue) => ({
          path: issue.path ? `overrides.${issue.path}` : 'overrides',
          message: `${issue.message} (preset ${preset}, seed ${seed})`,
        })),
      );
    }
    throw error;
  }
}
