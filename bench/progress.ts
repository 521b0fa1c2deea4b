import os from 'node:os';

/**
 * A progress line on stderr, stamped with the time and the 1-minute load average: the machine
 * is shared, and a number measured under load should be recognisable as such in the log.
 */
export function progress(line: string): void {
  const time = new Date().toISOString().slice(11, 19);
  process.stderr.write(`[bench ${time} load ${os.loadavg()[0].toFixed(2)}] ${line}\n`);
}
