import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * One JSON logger per process; `name` says which process wrote the line. Writes are
 * synchronous: a worker can die at any moment (SIGKILL, OOM), and the lines before its death
 * are the ones that explain it. At a few lines per epoch the cost is nothing.
 */
export function createLogger(name: string, level: pino.LevelWithSilent = 'info'): Logger {
  return pino({ name, level }, pino.destination({ dest: 1, sync: true }));
}
