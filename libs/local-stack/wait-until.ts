import { TimeoutError } from './local-stack-errors';

export interface WaitUntilOptions {
  /** What is awaited, for the timeout's message. */
  what: string;
  timeoutMs: number;
  /** Default: 200 ms. */
  intervalMs?: number;
  /** Called before each try; throwing from it ends the wait (e.g. the process died). */
  abortIf?: () => void;
}

/** Tries `attempt` until it returns true (errors count as "not yet") or the deadline passes. */
export async function waitUntil(
  attempt: () => Promise<boolean> | boolean,
  options: WaitUntilOptions,
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    options.abortIf?.();
    try {
      if (await attempt()) return;
    } catch {
      // Not ready yet; the deadline decides when to give up.
    }
    if (Date.now() >= deadline) throw new TimeoutError(options.what, options.timeoutMs);
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 200));
  }
}
