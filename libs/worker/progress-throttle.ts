/**
 * Calls `send` at most once per `intervalMs`, always letting the latest value through when forced:
 * progress goes to Redis, and one write per batch would be thousands of writes per epoch.
 */
export function throttle<T>(
  send: (value: T) => unknown,
  intervalMs: number,
  now: () => number = Date.now,
): (value: T, force?: boolean) => void {
  let last = -Infinity;
  return (value, force = false) => {
    const t = now();
    if (!force && t - last < intervalMs) return;
    last = t;
    send(value);
  };
}
