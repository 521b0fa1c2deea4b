import type { ProgressRow } from '../format/progress-rows';
import type { ProgressDisplay } from './progress-display';

export interface LineDisplayOptions {
  /** How often the running experiments are listed again. Default: 15 s. */
  intervalMs?: number;
  now?: () => number;
}

/**
 * For logs and CI, where redrawing is impossible: a line whenever an experiment changes state,
 * and every `intervalMs` one line per running experiment.
 */
export class LineDisplay implements ProgressDisplay {
  private readonly statuses = new Map<string, string>();
  private lastSnapshot = -Infinity;
  private readonly intervalMs: number;
  private readonly now: () => number;

  constructor(
    private readonly write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
    options: LineDisplayOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? 15_000;
    this.now = options.now ?? Date.now;
  }

  update(header: string, rows: ProgressRow[]): void {
    const changed = rows.filter((row) => this.statuses.get(row.id) !== row.status);
    for (const row of changed) {
      if (this.statuses.has(row.id) || row.status !== 'queued') {
        this.write(`${row.label}: ${row.detail}`);
      }
      this.statuses.set(row.id, row.status);
    }
    if (this.now() - this.lastSnapshot < this.intervalMs) return;
    this.lastSnapshot = this.now();
    this.write(header);
    for (const row of rows.filter((r) => r.status === 'running' || r.status === 'retrying')) {
      this.write(`  ${row.label}  ${Math.round(row.fraction * 100)}%  ${row.detail}`);
    }
  }

  log(line: string): void {
    this.write(line);
  }

  stop(): void {
    // Nothing to restore.
  }
}
