import { DomainError } from '@lenet-lab/errors';
import type { ExperimentStatus } from './generated/enums';

/** The experiment id names no row (never created, or deleted). */
export class ExperimentNotFoundError extends Error {
  readonly code = 'EXPERIMENT_NOT_FOUND';
  constructor(readonly experimentId: string) {
    super(`Experiment ${experimentId} does not exist`);
    this.name = 'ExperimentNotFoundError';
  }
}

/** A status change the lifecycle forbids, e.g. a finished experiment asked to run again. */
export class InvalidStatusTransitionError extends Error {
  readonly code = 'INVALID_STATUS_TRANSITION';
  constructor(
    readonly experimentId: string,
    readonly from: ExperimentStatus,
    readonly to: ExperimentStatus,
  ) {
    super(`Experiment ${experimentId} cannot go from ${from} to ${to}`);
    this.name = 'InvalidStatusTransitionError';
  }
}

/**
 * A write from an attempt that no longer owns the experiment: another delivery of its job has
 * marked it running since (the worker was frozen, or cut off from Redis, and its job was handed
 * on). The writer must stop: nothing it writes is kept.
 */
export class StaleAttemptError extends Error {
  readonly code = 'STALE_ATTEMPT';
  constructor(
    readonly experimentId: string,
    readonly attempt: number,
    readonly currentAttempt: number,
  ) {
    super(
      `Experiment ${experimentId} belongs to attempt ${currentAttempt}, not ${attempt}: ` +
        'its job was handed to another worker',
    );
    this.name = 'StaleAttemptError';
  }
}

/** A worker's write for an experiment that is no longer running (cancelled, retrying, …). */
export class ExperimentNotRunningError extends Error {
  readonly code = 'EXPERIMENT_NOT_RUNNING';
  constructor(
    readonly experimentId: string,
    readonly status: ExperimentStatus,
  ) {
    super(`Experiment ${experimentId} is ${status}, not running: the write was not kept`);
    this.name = 'ExperimentNotRunningError';
  }
}

/** An epoch's metrics that cannot be right, e.g. an accuracy given in percent instead of 0–1. */
export class InvalidEpochMetricError extends Error {
  readonly code = 'INVALID_EPOCH_METRIC';
  constructor(
    readonly field: string,
    readonly value: number,
    readonly expected: string,
  ) {
    super(`Epoch metric ${field} is ${value}; expected ${expected}`);
    this.name = 'InvalidEpochMetricError';
  }
}

/**
 * PostgreSQL cannot be reached or is restarting: a condition of the deployment, not of the
 * request, which may be retried once the database is back.
 */
export class DatabaseUnavailableError extends DomainError {
  readonly code = 'DATABASE_UNAVAILABLE';
  constructor(cause: unknown) {
    super(`PostgreSQL is unavailable (${describeCause(cause)}); try again shortly`, { cause });
    this.name = 'DatabaseUnavailableError';
  }
}

/** The first line of the driver's message, which names the failure (ECONNREFUSED, …). */
function describeCause(cause: unknown): string {
  const text = cause instanceof Error ? cause.message : String(cause);
  const line = text.split('\n').find((l) => l.trim()) ?? 'no answer';
  return line.trim().slice(0, 200);
}
