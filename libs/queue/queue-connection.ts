import type { Redis } from 'ioredis';

/**
 * How long a producer waits for Redis to (re)connect before it gives up on a call: enough for a
 * connection that is just starting, short enough that an API request answers 503 during an outage.
 */
export const QUEUE_CONNECT_WAIT_MS = 2_000;

/** Redis did not become reachable within the wait. */
export class QueueUnreachableError extends Error {
  readonly code = 'QUEUE_UNREACHABLE';
  constructor(status: string, waitedMs: number) {
    super(`Redis is not connected (connection ${status} after ${waitedMs} ms)`);
    this.name = 'QueueUnreachableError';
  }
}

/**
 * Waits, up to `waitMs`, for the connection a queue or flow producer was built on to be ready.
 * BullMQ itself waits without a limit for a connection that has never been ready (an API
 * started during a Redis outage), so every producer call goes through here first.
 */
export async function whenQueueConnected(
  holder: { opts: { connection?: unknown } },
  waitMs = QUEUE_CONNECT_WAIT_MS,
): Promise<void> {
  const connection = holder.opts.connection as Redis;
  if (connection.status === 'ready') return;
  await new Promise<void>((resolve, reject) => {
    const onReady = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      connection.off('ready', onReady);
      reject(new QueueUnreachableError(connection.status, waitMs));
    }, waitMs);
    connection.once('ready', onReady);
  });
}
