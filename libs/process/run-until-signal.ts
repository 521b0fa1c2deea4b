import type { Logger } from 'pino';

/** How long shutdown may take before the process exits anyway; a hung close must not hang a deploy. */
const SHUTDOWN_TIMEOUT_MS = 30_000;

/**
 * Runs a service until SIGINT/SIGTERM, then calls its stop function once. A start-up error
 * (bad env, unreachable database) is printed as one clear line and exits 1.
 */
export function runUntilSignal(
  logger: Logger,
  start: () => Promise<() => Promise<void>>,
  shutdownTimeoutMs = SHUTDOWN_TIMEOUT_MS,
): void {
  let stop: (() => Promise<void>) | undefined;
  let stopping = false;

  const shutdown = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      logger.error('shutdown timed out; exiting');
      process.exit(1);
    }, shutdownTimeoutMs);
    timer.unref();
    try {
      await stop?.();
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);

  start().then(
    (stopFn) => {
      stop = stopFn;
    },
    (error: Error) => {
      logger.fatal({ err: error }, error.message);
      process.exit(1);
    },
  );
}
