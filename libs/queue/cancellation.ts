import IORedis, { type Redis } from 'ioredis';

/**
 * Cancelling a running experiment must reach whichever machine trains it, within a batch.
 * The API publishes the experiment id on a channel of the deployment's prefix; every worker
 * listens. The database status (cancelled) is the durable record; the message is the nudge.
 */
export function cancellationChannel(prefix: string): string {
  return `${prefix}:cancellations`;
}

export async function publishCancellation(
  redis: Redis,
  prefix: string,
  experimentId: string,
): Promise<void> {
  await redis.publish(cancellationChannel(prefix), experimentId);
}

export interface CancellationListener {
  /** True once a cancellation for this experiment has been heard. */
  isCancelled(experimentId: string): boolean;
  /** Marks an experiment cancelled locally (e.g. found cancelled in the database). */
  markCancelled(experimentId: string): void;
  forget(experimentId: string): void;
  close(): Promise<void>;
}

/** Subscribes on a connection of its own (a subscribed connection can do nothing else). */
export async function listenForCancellations(
  redisUrl: string,
  prefix: string,
): Promise<CancellationListener> {
  const subscriber = new IORedis(redisUrl, {
    maxRetriesPerRequest: null,
    connectionName: 'lenet-lab-cancellations',
  });
  subscriber.on('error', () => {
    // ioredis reconnects and re-subscribes by itself; the worker also re-reads the status.
  });
  const cancelled = new Set<string>();
  const channel = cancellationChannel(prefix);
  subscriber.on('message', (from, experimentId: string) => {
    if (from === channel) cancelled.add(experimentId);
  });
  await subscriber.subscribe(channel);
  return {
    isCancelled: (id) => cancelled.has(id),
    markCancelled: (id) => void cancelled.add(id),
    forget: (id) => void cancelled.delete(id),
    async close() {
      subscriber.disconnect();
    },
  };
}
