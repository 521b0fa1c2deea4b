import { ExperimentStatus } from './generated/enums';

/** Every experiment status, in the order an experiment passes through them: Prisma's enum. */
const [firstStatus, ...laterStatuses] = Object.values(ExperimentStatus);
export const EXPERIMENT_STATUSES: readonly [ExperimentStatus, ...ExperimentStatus[]] = [
  firstStatus,
  ...laterStatuses,
];

/** Statuses an experiment never leaves: a redelivered or late job must not revive it. */
export const TERMINAL_STATUSES: readonly ExperimentStatus[] = [
  ExperimentStatus.completed,
  ExperimentStatus.failed,
  ExperimentStatus.cancelled,
];

/** Statuses of an experiment that still has a job to run: the rest are terminal. */
export const LIVE_STATUSES: readonly ExperimentStatus[] = EXPERIMENT_STATUSES.filter(
  (status) => !TERMINAL_STATUSES.includes(status),
);

/** Terminal statuses from which an ablation may run the cell again. */
export const RERUNNABLE_STATUSES: readonly ExperimentStatus[] = [
  ExperimentStatus.failed,
  ExperimentStatus.cancelled,
];

/**
 * Which status each status may move to. `running -> running` is allowed because a job whose worker
 * died without marking it `retrying` is redelivered while its row still says `running`.
 */
const NEXT_STATUSES: Record<ExperimentStatus, readonly ExperimentStatus[]> = {
  queued: ['running', 'failed', 'cancelled'],
  running: ['running', 'retrying', 'completed', 'failed', 'cancelled'],
  retrying: ['running', 'failed', 'cancelled'],
  completed: [],
  failed: [],
  cancelled: [],
};

export function isTerminalStatus(status: ExperimentStatus): boolean {
  return TERMINAL_STATUSES.includes(status);
}

export function isLiveStatus(status: ExperimentStatus): boolean {
  return LIVE_STATUSES.includes(status);
}

export function canTransition(from: ExperimentStatus, to: ExperimentStatus): boolean {
  return NEXT_STATUSES[from].includes(to);
}

/** The statuses from which `to` may be reached: the guard of a conditional UPDATE. */
export function statusesAllowedBefore(to: ExperimentStatus): ExperimentStatus[] {
  return (Object.keys(NEXT_STATUSES) as ExperimentStatus[]).filter((from) =>
    canTransition(from, to),
  );
}
