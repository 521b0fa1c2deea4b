import type { MachineInfo } from './machine';
import type { BenchOptions, Section } from './options';
import type { AblationResult } from './sections/ablation';
import type { GpuBatchRow } from './sections/gpu';
import type { LatencyRow } from './sections/latency';
import type { OrchestrationResult } from './sections/orchestration';
import type { PeerResult } from './sections/peer';
import type { TrainingRow } from './sections/training';

/** A section that threw: the others still run and report. */
export interface SectionFailure {
  failed: string;
}

export type Outcome<T> = T | SectionFailure | undefined;

/** Everything one `npm run bench` measured; what `--json` saves. */
export interface BenchReport {
  command: string;
  startedAt: string;
  finishedAt: string;
  machine: MachineInfo;
  options: BenchOptions;
  ran: Section[];
  train?: Outcome<TrainingRow[]>;
  peer?: Outcome<PeerResult>;
  latency?: Outcome<LatencyRow[]>;
  gpu?: Outcome<GpuBatchRow[]>;
  orchestration?: Outcome<OrchestrationResult>;
  ablation?: Outcome<AblationResult>;
}

export function isFailure<T>(outcome: Outcome<T>): outcome is SectionFailure {
  return typeof outcome === 'object' && outcome !== null && 'failed' in outcome;
}

/** The section's value when it ran and succeeded. */
export function valueOf<T>(outcome: Outcome<T>): T | undefined {
  return outcome === undefined || isFailure(outcome) ? undefined : outcome;
}
