import { median } from './stats';

export interface OrchestrationShareInput {
  /** POST → completed of warm runs through the system. */
  systemSeconds: number[];
  /** The same job's work called directly (loading, training, evaluation). */
  directSeconds: number[];
  /** POST → the worker's markRunning, per system run. */
  queueSeconds: number[];
  /** Median cost of one epoch's database writes, when measured. */
  writesMsPerEpoch: number | null;
  epochs: number;
}

export interface OrchestrationShare {
  systemSeconds: number;
  directSeconds: number;
  /** systemSeconds − directSeconds: everything the system adds, by difference. */
  overheadSeconds: number;
  percent: number;
  /** The parts measured one by one: queueing and pick-up, plus every epoch's writes. */
  itemisedSeconds: number | null;
  itemisedPercent: number | null;
}

/**
 * The share of an experiment's wall time that is not the job's own work, two ways: by
 * difference from the same work called directly (medians, so one disturbed run does not
 * decide), and as the sum of the parts that are measured one by one. The first catches
 * everything but is at the mercy of the machine's noise; the second is precise but only
 * counts what it names. Null when there is nothing to compare.
 */
export function orchestrationShare(input: OrchestrationShareInput): OrchestrationShare | null {
  if (input.systemSeconds.length === 0 || input.directSeconds.length === 0) return null;
  const systemSeconds = median(input.systemSeconds);
  const directSeconds = median(input.directSeconds);
  const overheadSeconds = systemSeconds - directSeconds;
  const itemisedSeconds =
    input.writesMsPerEpoch === null || input.queueSeconds.length === 0
      ? null
      : median(input.queueSeconds) + (input.epochs * input.writesMsPerEpoch) / 1000;
  return {
    systemSeconds,
    directSeconds,
    overheadSeconds,
    percent: (overheadSeconds / systemSeconds) * 100,
    itemisedSeconds,
    itemisedPercent: itemisedSeconds === null ? null : (itemisedSeconds / systemSeconds) * 100,
  };
}
