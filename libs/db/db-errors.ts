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
