/**
 * Lets timers and I/O run. BullMQ renews a job's lock on a timer in the same process, so a
 * loop that never yields (promises resolved in microtasks do not count) gets its job declared
 * stalled.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
