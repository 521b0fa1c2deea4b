import { retryTransient, type RetryOptions } from '@lenet-lab/db';
import type { Logger } from '@lenet-lab/logger';

/**
 * A training job's database calls, each retried through an outage (a restart, a dropped
 * connection) rather than failing the run: an epoch's metrics and checkpoint are delayed, not
 * lost. Errors that are not about the connection (a fence, a constraint) are thrown at once.
 */
export interface DatabaseRetry {
  read<T>(call: () => Promise<T>): Promise<T>;
  write<T>(call: () => Promise<T>): Promise<T>;
}

/** Retries through `retryTransient`, logging each retry as a read or a write. */
export function databaseRetry(
  log: Logger,
  options: Omit<RetryOptions, 'onRetry'> = {},
): DatabaseRetry {
  const retry =
    (kind: 'read' | 'write') =>
    <T>(call: () => Promise<T>) =>
      retryTransient(call, {
        ...options,
        onRetry: (error, attempt) =>
          log.warn({ err: error, attempt }, `database unavailable; retrying the ${kind}`),
      });
  return { read: retry('read'), write: retry('write') };
}
