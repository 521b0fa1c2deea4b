import { MultiBar, Presets, type SingleBar } from 'cli-progress';
import type { ProgressRow } from '../format/progress-rows';
import type { ProgressDisplay } from './progress-display';

/** Bars hold 0–BAR_TOTAL so that the fraction keeps a tenth of a percent. */
const BAR_TOTAL = 1000;

/** One cli-progress bar per experiment under a header line, redrawn in place. */
export class MultiBarDisplay implements ProgressDisplay {
  private readonly multiBar: MultiBar;
  private readonly header: SingleBar;
  private readonly bars = new Map<string, SingleBar>();

  constructor(stream: NodeJS.WriteStream = process.stdout) {
    this.multiBar = new MultiBar(
      {
        stream,
        format: ' {label} {bar} {percentage}% │ {detail}',
        barsize: 24,
        hideCursor: true,
        clearOnComplete: false,
        stopOnComplete: false,
        autopadding: true,
        // Lines longer than the terminal would wrap and break the in-place redraw.
        linewrap: false,
        fps: 5,
      },
      Presets.shades_classic,
    );
    this.header = this.multiBar.create(BAR_TOTAL, 0, { text: '' }, { format: '{text}' });
  }

  update(header: string, rows: ProgressRow[]): void {
    this.header.update(0, { text: header });
    const width = Math.max(0, ...rows.map((row) => row.label.length));
    for (const row of rows) {
      const payload = { label: row.label.padEnd(width), detail: row.detail };
      const value = Math.round(row.fraction * BAR_TOTAL);
      const bar = this.bars.get(row.id);
      if (bar) bar.update(value, payload);
      else this.bars.set(row.id, this.multiBar.create(BAR_TOTAL, value, payload));
    }
  }

  log(line: string): void {
    this.multiBar.log(`${line}\n`);
  }

  stop(): void {
    this.multiBar.stop();
  }
}
