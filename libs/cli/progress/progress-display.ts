import type { ProgressRow } from '../format/progress-rows';

/** Where the live progress of a run goes: bars on a terminal, plain lines elsewhere. */
export interface ProgressDisplay {
  /** Shows the current state: a header (cells finished, elapsed) and one row per experiment. */
  update(header: string, rows: ProgressRow[]): void;
  /** A line that must stay visible above the bars (a cell failed, a worker died). */
  log(line: string): void;
  /** Leaves the last state on screen and gives the terminal back. */
  stop(): void;
}
