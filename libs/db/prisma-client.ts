import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/client';
import { databaseUrlFromEnv } from './database-url';

export interface CreatePrismaClientOptions {
  /** Size of the pg connection pool. Default: pg's own default (10). */
  maxConnections?: number;
}

/**
 * A Prisma client over node-postgres (the `pg` driver adapter): queries are planned by Prisma's
 * query compiler in-process, so no Rust query engine binary is needed. Call `$disconnect()` when done.
 */
export function createPrismaClient(
  databaseUrl: string = databaseUrlFromEnv(),
  options: CreatePrismaClientOptions = {},
): PrismaClient {
  const adapter = new PrismaPg({ connectionString: databaseUrl, max: options.maxConnections });
  return new PrismaClient({ adapter });
}
