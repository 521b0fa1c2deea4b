import { randomUUID } from 'node:crypto';
import { ExperimentNotFoundError, InvalidStatusTransitionError } from '../db-errors';
import { LIVE_STATUSES, statusesAllowedBefore } from '../experiment-status';
import type { Experiment, ExperimentStatus, Prisma, PrismaClient } from '../generated/client';
import { isRecordNotFound } from '../prisma-errors';
import {
  DEFAULT_PAGE_SIZE,
  type ExperimentSummary,
  type ExperimentWithMetrics,
  type ListExperimentsOptions,
  MAX_PAGE_SIZE,
  type NewExperiment,
  type Page,
  type RunningDetails,
} from './experiment-inputs';
import { claimKey, type IdempotencyClaim } from './idempotency-claim';

/** An unfinished experiment and when it last showed progress. */
export interface LiveExperiment {
  id: string;
  status: ExperimentStatus;
  lastActivity: Date;
}

/** Fields a status change may set alongside the status itself. */
export type StatusChanges = Omit<Prisma.ExperimentUpdateInput, 'status' | 'metrics'>;

function clampInteger(value: number | undefined, fallback: number, min: number, max: number) {
  if (value === undefined || !Number.isFinite(value)) return fallback;
  return Math.min(max, Math.max(min, Math.trunc(value)));
}

/** Experiments and their lifecycle. Every status change goes through `transitionStatus`. */
export class ExperimentRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /**
   * With a claim, the client's Idempotency-Key is written in the same transaction, first: all
   * or nothing, and IdempotencyKeyTakenError if another request holds the key.
   */
  async create(input: NewExperiment, claim?: IdempotencyClaim): Promise<Experiment> {
    if (!claim) return this.insert(this.prisma, input);
    const id = input.id ?? randomUUID();
    return this.prisma.$transaction(async (tx) => {
      await claimKey(tx, claim, 'experiment', id);
      return this.insert(tx, { ...input, id });
    });
  }

  private insert(db: Prisma.TransactionClient, input: NewExperiment): Promise<Experiment> {
    return db.experiment.create({
      data: {
        id: input.id,
        name: input.name,
        preset: input.preset ?? null,
        config: input.config,
        configHash: input.configHash,
        seed: input.seed,
        codeVersion: input.codeVersion ?? null,
        ablationId: input.ablationId ?? null,
        queuePrefix: input.queuePrefix ?? null,
      },
    });
  }

  /**
   * Removes the experiment and, by cascade, its metrics; false if there was none. For undoing a
   * submission whose job could not be enqueued, not for history: finished runs are kept.
   */
  async delete(id: string): Promise<boolean> {
    const { count } = await this.prisma.experiment.deleteMany({ where: { id } });
    return count > 0;
  }

  /** The experiment with its per-epoch metrics in epoch order, or null. */
  findById(id: string): Promise<ExperimentWithMetrics | null> {
    return this.prisma.experiment.findUnique({
      where: { id },
      include: { metrics: { orderBy: { epoch: 'asc' } } },
    });
  }

  /** Just the status (null: no such experiment): for checks that need nothing else. */
  async findStatus(id: string): Promise<ExperimentStatus | null> {
    const row = await this.prisma.experiment.findUnique({
      where: { id },
      select: { status: true },
    });
    return row?.status ?? null;
  }

  /**
   * The unfinished experiments queued under a prefix, each with its last sign of life: the
   * row's update or its latest checkpoint's, whichever is later.
   */
  async findLive(queuePrefix: string): Promise<LiveExperiment[]> {
    const rows = await this.prisma.experiment.findMany({
      where: { status: { in: [...LIVE_STATUSES] }, queuePrefix },
      select: {
        id: true,
        status: true,
        updatedAt: true,
        checkpoint: { select: { updatedAt: true } },
      },
    });
    return rows.map((row) => ({
      id: row.id,
      status: row.status,
      lastActivity:
        row.checkpoint && row.checkpoint.updatedAt > row.updatedAt
          ? row.checkpoint.updatedAt
          : row.updatedAt,
    }));
  }

  /** Newest first; the id breaks ties so pages never overlap when timestamps collide. */
  async list(options: ListExperimentsOptions = {}): Promise<Page<Experiment>> {
    const limit = clampInteger(options.limit, DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE);
    const offset = clampInteger(options.offset, 0, 0, Number.MAX_SAFE_INTEGER);
    const statuses =
      options.status === undefined
        ? undefined
        : typeof options.status === 'string'
          ? [options.status]
          : [...options.status];
    const where: Prisma.ExperimentWhereInput = statuses ? { status: { in: statuses } } : {};
    // One transaction so the total and the page describe the same snapshot.
    const [items, total] = await this.prisma.$transaction([
      this.prisma.experiment.findMany({
        where,
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: limit,
        skip: offset,
      }),
      this.prisma.experiment.count({ where }),
    ]);
    return { items, total, limit, offset };
  }

  /**
   * A worker picked the job up (first delivery or a retry): a new attempt, which from now on
   * owns the experiment (see ExperimentOwner); clears any previous error.
   */
  markRunning(id: string, details: RunningDetails): Promise<Experiment> {
    return this.transitionStatus(id, 'running', {
      backend: details.backend,
      device: details.device ?? null,
      attempts: { increment: 1 },
      startedAt: new Date(),
      finishedAt: null,
      error: null,
    });
  }

  markCompleted(id: string, summary: ExperimentSummary): Promise<Experiment> {
    return this.transitionStatus(id, 'completed', completedChanges(summary));
  }

  markFailed(id: string, error: string): Promise<Experiment> {
    return this.endUnfinished(id, 'failed', { error });
  }

  /**
   * Cancels in one transaction with counting the epochs it keeps: the experiment's row is locked
   * by the UPDATE, so a worker's epoch write (which locks it too, see ExperimentOwner) lands
   * before the cancel and is counted, or after it and is refused.
   */
  markCancelled(id: string): Promise<Experiment> {
    return this.endUnfinished(id, 'cancelled');
  }

  /** An unfinished run's end: epochsRun counts the epochs whose rows exist. */
  private endUnfinished(
    id: string,
    to: 'failed' | 'cancelled',
    changes: StatusChanges = {},
  ): Promise<Experiment> {
    return this.prisma.$transaction(async (tx) => {
      await transitionStatusIn(tx, id, to, { ...changes, finishedAt: new Date() });
      const epochsRun = await tx.epochMetric.count({ where: { experimentId: id } });
      return tx.experiment.update({ where: { id }, data: { epochsRun } });
    });
  }

  /** The job stalled (its worker vanished) and waits for BullMQ to deliver it again. */
  markRetrying(id: string, reason: string | null = null): Promise<Experiment> {
    return this.transitionStatus(id, 'retrying', { error: reason });
  }

  /**
   * Moves the experiment to `to` only if its current status allows it (see experiment-status),
   * in one conditional UPDATE, so two workers racing cannot both win and a terminal experiment
   * is never revived. Throws ExperimentNotFoundError or InvalidStatusTransitionError otherwise.
   */
  transitionStatus(id: string, to: ExperimentStatus, changes: StatusChanges = {}) {
    return transitionStatusIn(this.prisma, id, to, changes);
  }
}

/** transitionStatus on any client, a transaction's too. */
export async function transitionStatusIn(
  db: Prisma.TransactionClient,
  id: string,
  to: ExperimentStatus,
  changes: StatusChanges = {},
): Promise<Experiment> {
  try {
    return await db.experiment.update({
      where: { id, status: { in: statusesAllowedBefore(to) } },
      data: { ...changes, status: to },
    });
  } catch (error) {
    if (!isRecordNotFound(error)) throw error;
  }
  const current = await db.experiment.findUnique({ where: { id }, select: { status: true } });
  if (!current) throw new ExperimentNotFoundError(id);
  throw new InvalidStatusTransitionError(id, current.status, to);
}

/** What a completed run sets beside its status. */
export function completedChanges(summary: ExperimentSummary): StatusChanges {
  return {
    testAccuracy: summary.testAccuracy,
    bestValAccuracy: summary.bestValAccuracy,
    bestEpoch: summary.bestEpoch,
    epochsRun: summary.epochsRun,
    stoppedEarly: summary.stoppedEarly,
    datasetSha256: summary.datasetSha256,
    codeVersion: summary.codeVersion ?? undefined,
    result: summary.result,
    finishedAt: new Date(),
    error: null,
  };
}
