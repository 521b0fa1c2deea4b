export interface InterruptHandlers {
  /** The first SIGINT/SIGTERM: stop politely. */
  first: (signal: NodeJS.Signals) => void;
  /** Any later one: the user does not want to wait. */
  second: (signal: NodeJS.Signals) => void;
}

const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
/**
 * Under `npm run`, one Ctrl-C can arrive twice (from the terminal and relayed by npm/tsx); a
 * repeat this soon is that echo, not a second press.
 */
const ECHO_WINDOW_MS = 500;

/** Routes SIGINT, SIGTERM and SIGHUP to the handlers until the returned function is called. */
export function onInterrupt(handlers: InterruptHandlers): () => void {
  let firstAt: number | undefined;
  const listener = (signal: NodeJS.Signals) => {
    if (firstAt === undefined) {
      firstAt = Date.now();
      handlers.first(signal);
    } else if (Date.now() - firstAt > ECHO_WINDOW_MS) {
      handlers.second(signal);
    }
  };
  for (const signal of SIGNALS) process.on(signal, listener);
  return () => {
    for (const signal of SIGNALS) process.off(signal, listener);
  };
}

/**
 * Turns an error nothing caught into `handler(error)` until the returned function is called:
 * a run that holds child processes must stop them rather than die and leave them running.
 */
export function onUncaughtError(handler: (error: unknown) => void): () => void {
  process.on('uncaughtException', handler);
  process.on('unhandledRejection', handler);
  return () => {
    process.off('uncaughtException', handler);
    process.off('unhandledRejection', handler);
  };
}

/** `promise`, or a rejection with the signal's reason as soon as it aborts. */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(signal.reason);
    signal.addEventListener('abort', abort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', abort);
        resolve(value);
      },
      (error) => {
        signal.removeEventListener('abort', abort);
        reject(error);
      },
    );
  });
}

/** Resolves when the signal aborts (`--serve` waits here for Ctrl-C). */
export function untilAborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) =>
    signal.addEventListener('abort', () => resolve(), { once: true }),
  );
}

/** `promise`, or an error naming `what` once `timeoutMs` has passed. */
export async function withTimeout<T>(promise: Promise<T>, timeoutMs: number, what: string) {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what} took longer than ${timeoutMs / 1000} s`)),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
