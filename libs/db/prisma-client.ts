import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/client';
import { databaseUrlFromEnv } from './database-url';

export interface CreatePrismaClientOptions {
  /** Size of the pg connection pool. Default: pg's own default (10). */
  maxConnections?: number;
  /**
   * How long opening a connection may take before the query fails. Default: 5 s: long enough
   * for a loaded server, short enough that a database on an unreachable host gives a request
   * an error (503) rather than a hang.
   */
  connectTimeoutMs?: number;
}

const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;

/**
 * A Prisma client over node-postgres (the `pg` driver adapter): queries are planned by Prisma's
 * query compiler in-process, so no Rust query engine binary is needed. Call `$disconnect()` when done.
 */
export function createPrismaClient(
  databaseUrl: string = databaseUrlFromEnv(),
  options: CreatePrismaClientOptions = {},
): PrismaClient {
  const adapter = new PrismaPg({
    connectionString: databaseUrl,
    max: options.maxConnections,
    connectionTimeoutMillis: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
  });
  return new PrismaClient({ adapter });
}
