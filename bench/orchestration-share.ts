import { median } from './stats';

/** A run's wall time and the part of it the trainer spent in training batches. */
export interface TimedRun {
  seconds: number;
  trainingSeconds: number;
}

export interface OrchestrationShareInput {
  /** POST → completed of warm runs through the system. */
  system: TimedRun[];
  /** The same job's work called directly: loading, training, evaluation. */
  direct: TimedRun[];
  /** POST → the worker's markRunning, per system run. */
  queueSeconds: number[];
  /** Median cost of one epoch's database writes, when measured. */
  writesMsPerEpoch: number | null;
  epochs: number;
}

export interface OrchestrationShare {
  systemSeconds: number;
  directSeconds: number;
  /** Wall time outside the training batches: loading, evaluation, and (system) orchestration. */
  systemOtherSeconds: number;
  directOtherSeconds: number;
  /** systemOther − directOther: what the system adds, by difference. */
  overheadSeconds: number;
  percent: number;
  /** The parts measured one by one: queueing and pick-up, plus every epoch's writes. */
  itemisedSeconds: number | null;
  itemisedPercent: number | null;
}

/**
 * The share of an experiment's wall time that the system adds to the job's own work, two ways.
 *
 * By difference from the same job called directly. The training batches are most of either
 * run and vary from run to run by more than the 2% in question on a shared machine, so each
 * run's own batch time (timed by the same trainer on both sides) is taken out first: what is
 * compared is the rest — data loading, model building, evaluation, and on the system side the
 * orchestration. Medians, so one disturbed run does not decide.
 *
 * Itemised: the parts measured one by one (POST → running, and every epoch's writes). Precise,
 * but it only counts what it names. Null when there is nothing to compare.
 */
export function orchestrationShare(input: OrchestrationShareInput): OrchestrationShare | null {
  if (input.system.length === 0 || input.direct.length === 0) return null;
  const other = (runs: TimedRun[]) => median(runs.map((r) => r.seconds - r.trainingSeconds));
  const systemSeconds = median(input.system.map((r) => r.seconds));
  const systemOtherSeconds = other(input.system);
  const directOtherSeconds = other(input.direct);
  const overheadSeconds = systemOtherSeconds - directOtherSeconds;
  const itemisedSeconds =
    input.writesMsPerEpoch === null || input.queueSeconds.length === 0
      ? null
      : median(input.queueSeconds) + (input.epochs * input.writesMsPerEpoch) / 1000;
  return {
    systemSeconds,
    directSeconds: median(input.direct.map((r) => r.seconds)),
    systemOtherSeconds,
    directOtherSeconds,
    overheadSeconds,
    percent: (overheadSeconds / systemSeconds) * 100,
    itemisedSeconds,
    itemisedPercent: itemisedSeconds === null ? null : (itemisedSeconds / systemSeconds) * 100,
  };
}
