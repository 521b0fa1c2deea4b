import type { Client } from 'pg';
import { MigrationLockTimeoutError } from './migration-errors';

/**
 * The key Prisma Migrate locks (`pg_advisory_lock(72707369)`): sharing it makes our migrator and
 * `prisma migrate deploy` exclude each other as well as two of ours.
 */
export const MIGRATION_LOCK_KEY = 72707369;

const POLL_INTERVAL_MS = 100;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `work` holding a session-level advisory lock on `client`'s connection. Polls with
 * pg_try_advisory_lock instead of blocking in pg_advisory_lock so that the wait has a deadline
 * without a `lock_timeout` that would also apply to the migrations' own statements.
 */
export async function withAdvisoryLock<T>(
  client: Client,
  timeoutMs: number,
  work: () => Promise<T>,
  key: number = MIGRATION_LOCK_KEY,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await client.query<{ locked: boolean }>(
      'SELECT pg_try_advisory_lock($1) AS locked',
      [key],
    );
    if (rows[0].locked) break;
    if (Date.now() >= deadline) throw new MigrationLockTimeoutError(timeoutMs);
    await sleep(POLL_INTERVAL_MS);
  }
  try {
    return await work();
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [key]);
  }
}
