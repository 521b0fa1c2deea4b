import {
  ExperimentNotFoundError,
  ExperimentNotRunningError,
  StaleAttemptError,
} from '../db-errors';
import type {
  EpochMetric,
  Experiment,
  ExperimentStatus,
  Prisma,
  PrismaClient,
} from '../generated/client';
import { writeCheckpoint, type CheckpointInput } from './checkpoint-repository';
import type { EpochMetricInput } from './epoch-metric-input';
import type { ExperimentSummary, RunningDetails } from './experiment-inputs';
import {
  completedChanges,
  ExperimentRepository,
  transitionStatusIn,
} from './experiment-repository';
import { writeEpochMetric } from './metric-repository';
import { writeTrainedModel, type TrainedModelInput } from './trained-model-repository';

type Owned<T> = Omit<T, 'experimentId' | 'attempt'>;

/**
 * Every write a worker makes for the experiment it trains, fenced by its attempt. BullMQ
 * delivers a job at least once: a worker that was frozen or cut off from Redis may come back
 * after its job was handed to another worker. Each delivery marks the experiment running as a
 * new attempt (experiments.attempts + 1); each write here locks the experiment's row, checks
 * that its attempt is still the current one and that the experiment is still running, and
 * writes in the same transaction. A stale writer gets StaleAttemptError, a cancelled one
 * ExperimentNotRunningError, and nothing of theirs is kept.
 */
export class ExperimentOwner {
  private constructor(
    private readonly prisma: PrismaClient,
    readonly experimentId: string,
    readonly attempt: number,
  ) {}

  /** Marks the experiment running as a new attempt, which owns it from now on. */
  static async claim(
    prisma: PrismaClient,
    experimentId: string,
    details: RunningDetails,
  ): Promise<{ owner: ExperimentOwner; experiment: Experiment }> {
    const experiment = await new ExperimentRepository(prisma).markRunning(experimentId, details);
    return { owner: new ExperimentOwner(prisma, experimentId, experiment.attempts), experiment };
  }

  recordEpoch(metrics: Owned<EpochMetricInput>): Promise<EpochMetric> {
    return this.fenced((tx) => writeEpochMetric(tx, this.own(metrics)));
  }

  saveCheckpoint(checkpoint: Owned<CheckpointInput>) {
    return this.fenced((tx) => writeCheckpoint(tx, this.own(checkpoint)));
  }

  saveModel(model: Owned<TrainedModelInput>) {
    return this.fenced((tx) =>
      writeTrainedModel(tx, { ...model, experimentId: this.experimentId }),
    );
  }

  /** Completed, and the resumable checkpoint dropped, in one transaction. */
  complete(summary: ExperimentSummary): Promise<Experiment> {
    return this.fenced(async (tx) => {
      const done = await transitionStatusIn(
        tx,
        this.experimentId,
        'completed',
        completedChanges(summary),
      );
      await tx.checkpoint.deleteMany({ where: { experimentId: this.experimentId } });
      return done;
    });
  }

  /** The run failed for good; epochsRun counts the epochs whose rows exist. */
  fail(reason: string): Promise<Experiment> {
    return this.fenced(async (tx) => {
      await transitionStatusIn(tx, this.experimentId, 'failed', {
        error: reason,
        finishedAt: new Date(),
      });
      const epochsRun = await tx.epochMetric.count({ where: { experimentId: this.experimentId } });
      return tx.experiment.update({ where: { id: this.experimentId }, data: { epochsRun } });
    });
  }

  /** The job goes back to the queue (a shutdown, an error worth another attempt). */
  retry(reason: string): Promise<Experiment> {
    return this.fenced((tx) =>
      transitionStatusIn(tx, this.experimentId, 'retrying', { error: reason }),
    );
  }

  private own<T extends object>(fields: T): T & { experimentId: string; attempt: number } {
    return { ...fields, experimentId: this.experimentId, attempt: this.attempt };
  }

  private fenced<T>(write: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
    return this.prisma.$transaction(async (tx) => {
      // FOR UPDATE: a cancel or another attempt's claim waits for this write, or this write
      // waits for them and then sees them.
      const [row] = await tx.$queryRaw<{ status: ExperimentStatus; attempts: number }[]>`
        SELECT status, attempts FROM experiments WHERE id = ${this.experimentId} FOR UPDATE`;
      if (!row) throw new ExperimentNotFoundError(this.experimentId);
      if (row.attempts !== this.attempt) {
        throw new StaleAttemptError(this.experimentId, this.attempt, row.attempts);
      }
      if (row.status !== 'running')
        throw new ExperimentNotRunningError(this.experimentId, row.status);
      return write(tx);
    });
  }
}
