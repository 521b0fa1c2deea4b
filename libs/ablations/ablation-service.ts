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
import { cellKey, latestPerCell } from './ablation-cells';
import {
  leafFields,
  partsOnBaseline,
  rowsOfDefinition,
  rowsOfPresets,
  type AblationDefinition,
  type AblationRow,
  type AblationStep,
  type AblationSweep,
  type ConfigPart,
} from './ablation-design';
import type { StepDesign } from './ablation-designs';
import { ablationProgress } from './ablation-progress';

/**
 * Presets (each a row, cumulative as configs/ defines them), a baseline and steps, or a
 * baseline and a sweep of one field.
 */
export interface SubmitAblationInput {
  name?: string;
  presets?: string[];
  design?: StepDesign;
  baseline?: ConfigPart & { name?: string };
  steps?: AblationStep[];
  sweep?: AblationSweep;
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
    const definition = definitionOf(input);
    if (definition) {
      assertOverridesLeaveRowsAlone(definition, overrides);
      checkEachStep(definition, overrides);
    }
    const rows = definition ? rowsOfDefinition(definition) : rowsOfPresets(presets);
    const cells = rows.flatMap((row) => seeds.map((seed) => this.cell(row, seed, overrides)));
    const fields = {
      name: input.name ?? defaultName(definition, presets),
      presets: rows.map((row) => row.label),
      seeds,
      overrides: overrides as Prisma.InputJsonValue,
      design: definition?.design ?? 'cumulative',
      ...(definition && { definition: definition as unknown as Prisma.InputJsonValue }),
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
    // The rows as they were made at submission: the same labels, fields and order.
    const rows = ablation.definition
      ? rowsOfDefinition(ablation.definition as unknown as AblationDefinition)
      : rowsOfPresets(ablation.presets);
    const cells = rows.flatMap((row) =>
      ablation.seeds
        .filter((seed) => {
          const cell = latest.get(cellKey(row.label, seed));
          return !cell || RERUNNABLE_STATUSES.includes(cell.status);
        })
        .map((seed) => this.cell(row, seed, overrides)),
    );
    if (cells.length === 0) return { ...(await this.get(id)), rerun: [] as string[] };
    const created = await this.deps.ablations.addExperiments(id, cells);
    await this.enqueueCells(id, created);
    return { ...(await this.get(id)), rerun: created.map((e) => e.id) };
  }

  /** One (row, seed) cell's experiment, its config validated and resolved. */
  private cell(row: AblationRow, seed: number, overrides: JsonObject) {
    const config = resolveCell(row, seed, overrides);
    return {
      name: `${row.label}-seed${seed}`,
      preset: row.preset,
      ablationRow: row.label,
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

function definitionOf(input: SubmitAblationInput): AblationDefinition | null {
  const baseline = input.baseline ?? {};
  if (input.sweep) return { design: 'sweep', baseline, sweep: input.sweep };
  if (input.steps) return { design: input.design ?? 'cumulative', baseline, steps: input.steps };
  return null;
}

/** The name an ablation gets when its submission gives none. */
function defaultName(definition: AblationDefinition | null, presets: readonly string[]): string {
  if (!definition) return `ablation of ${presets.join(', ')}`;
  if (definition.design === 'sweep') {
    return `sweep of ${definition.sweep.field} over ${definition.sweep.values.join(', ')}`;
  }
  return `${definition.design} ablation of ${definition.steps.map((step) => step.name).join(', ')}`;
}

/**
 * Overrides apply to every cell after its row's fields, so one that sets a field a step or
 * the sweep sets would quietly undo that row's change: refused, naming both.
 */
function assertOverridesLeaveRowsAlone(definition: AblationDefinition, overrides: JsonObject) {
  const overridden = new Set(leafFields(overrides).map(([field]) => field));
  const rowFields =
    definition.design === 'sweep'
      ? [{ where: 'sweep.field', fields: [definition.sweep.field] }]
      : definition.steps.map((step, index) => ({
          where: `steps[${index}] "${step.name}"`,
          fields: leafFields(step.config ?? {}).map(([field]) => field),
        }));
  for (const { where, fields } of rowFields) {
    const clash = fields.find((field) => overridden.has(field));
    if (clash) {
      throw new InvalidRequestError(
        `overrides.${clash}: ${where} sets it too, and overrides would undo that row's change; leave it out of overrides`,
      );
    }
  }
}

/** The baseline, then each step on the baseline alone, with the overrides: errors name the part. */
function checkEachStep(definition: AblationDefinition, overrides: JsonObject): void {
  for (const part of partsOnBaseline(definition)) {
    withIssuesRenamed(
      () => resolveConfig({ overrides: deepMerge(part.config, overrides) }),
      (issue) => ({
        path: issue.path ? `${part.path}.${issue.path}` : part.path,
        message: `${issue.message} (${part.label}, with the overrides)`,
      }),
    );
  }
}

/** A row's config for one seed: its preset, its fields, the ablation's overrides, the seed. */
function resolveCell(row: AblationRow, seed: number, overrides: JsonObject) {
  return withIssuesRenamed(
    () =>
      resolveConfig({
        preset: row.preset ?? undefined,
        overrides: deepMerge(deepMerge(row.config, overrides), { seed }),
      }),
    row.preset !== null
      ? (issue) => ({
          path: issue.path ? `overrides.${issue.path}` : 'overrides',
          message: `${issue.message} (preset ${row.preset}, seed ${seed})`,
        })
      : (issue) => ({
          path: issue.path,
          message: `${issue.message} (row "${row.label}": ${row.source}, seed ${seed})`,
        }),
  );
}

type ConfigIssue = ConfigValidationError['issues'][number];

function withIssuesRenamed<T>(resolve: () => T, rename: (issue: ConfigIssue) => ConfigIssue): T {
  try {
    return resolve();
  } catch (error) {
    if (error instanceof ConfigValidationError) {
      throw new ConfigValidationError(error.issues.map(rename));
    }
    throw error;
  }
}
