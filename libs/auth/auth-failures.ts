import type { Redis } from 'ioredis';

/** Failed sign-ins and wrong API keys one client may present per window before it waits. */
export interface AuthFailureLimiter {
  /**
   * Counts a wrong key from `client`; returns how many milliseconds it must wait before the
   * next attempt counts (0 while it is under the limit).
   */
  recordFailure(client: string): Promise<number>;
}

const WINDOW_MS = 60_000;

/**
 * Fixed one-minute windows in Redis, so every API process sees the same count. While Redis is
 * down the limit does not apply (the key check itself still does): an outage of the counter
 * must not lock every client out.
 */
export function redisAuthFailureLimiter(
  redis: Redis,
  prefix: string,
  perMinute: number,
): AuthFailureLimiter {
  return {
    async recordFailure(client) {
      const key = `${prefix}:auth-failures:${client}`;
      try {
        // The window starts with the first failure: SET NX creates the counter with its expiry.
        const replies = (await redis
          .multi()
          .set(key, 0, 'PX', WINDOW_MS, 'NX')
          .incr(key)
          .pttl(key)
          .exec()) as [Error | null, unknown][];
        const count = Number(replies[1][1]);
        const ttl = Number(replies[2][1]);
        return count > perMinute ? Math.max(1, ttl) : 0;
      } catch {
        return 0;
      }
    },
  };
}
