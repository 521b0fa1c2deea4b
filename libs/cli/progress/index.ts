import { LineDisplay } from './line-display';
import { MultiBarDisplay } from './multi-bar-display';
import type { ProgressDisplay } from './progress-display';

export * from './line-display';
export * from './multi-bar-display';
export * from './progress-display';

/** Bars when stdout is a terminal (and --plain was not asked for), plain lines otherwise. */
export function createProgressDisplay(options: { plain?: boolean } = {}): ProgressDisplay {
  const stream = process.stdout;
  return stream.isTTY && !options.plain ? new MultiBarDisplay(stream) : new LineDisplay();
}
