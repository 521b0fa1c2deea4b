/**
 * Retries a database call through a short outage (a restart, a dropped connection), so a metric
 * or checkpoint written at an epoch's end is delayed rather than lost. Errors that are not about
 * the connection (constraint, validation, status rules) are thrown at once.
 */
export interface RetryOptions {
  /** Give up after this long. Default: 5 minutes, longer than a database restart. */
  maxWaitMs?: number;
  initialDelayMs?: number;
  maxDelayMs?: number;
  onRetry?: (error: unknown, attempt: number) => void;
}

const CONNECTION_ERROR =
  /ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|Connection terminated|connection.*(closed|ended|lost|terminated)|terminating connection|the database system is (starting up|shutting down)|Can't reach database|Timed out fetching a new connection|server closed the connection|Client has encountered a connection error|57P01|57P02|57P03|08006|08001|P1001|P1002|P1017/i;

export function isTransientDatabaseError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const text = `${error.name} ${error.message} ${(error as { code?: unknown }).code ?? ''} ${
    (error as { cause?: { message?: string; code?: string } }).cause?.message ?? ''
  } ${(error as { cause?: { code?: string } }).cause?.code ?? ''}`;
  return CONNECTION_ERROR.test(text);
}

export async function retryTransient<T>(
  work: () => Promise<T>,
  options: RetryOptions = {},
): Promise<T> {
  const { maxWaitMs = 5 * 60_000, initialDelayMs = 250, maxDelayMs = 5_000 } = options;
  const deadline = Date.now() + maxWaitMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (!isTransientDatabaseError(error) || Date.now() >= deadline) throw error;
      options.onRetry?.(error, attempt);
      const delay = Math.min(maxDelayMs, initialDelayMs * 2 ** (attempt - 1));
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
