// How tests reach Postgres. Jest's globalSetup (global-setup.ts) recreates the test database and
// migrates it before any test file runs, but it runs in its own context: tests do not rely on what
// it left in process.env and derive the same URL here instead.
//
// Imports are relative, not @lenet-lab/*: global-setup.ts imports this file, and Jest does not
// apply moduleNameMapper to globalSetup modules.
import { randomBytes } from 'node:crypto';
import { databaseNameOf, withDatabaseName } from '../../libs/db/database-url';
import type { PrismaClient } from '../../libs/db/generated/client';
import { dropDatabaseIfExists, migrate } from '../../libs/db/migrations';
import { createPrismaClient } from '../../libs/db/prisma-client';

export const DEFAULT_TEST_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/lenet_lab_test';

/** TEST_DATABASE_URL, else the local lenet_lab_test. Never DATABASE_URL: tests drop databases. */
export function testDatabaseUrl(): string {
  return process.env.TEST_DATABASE_URL?.trim() || DEFAULT_TEST_DATABASE_URL;
}

/** A client for the shared, migrated test database. Disconnect it in afterAll. */
export function createTestPrisma(): PrismaClient {
  return createPrismaClient(testDatabaseUrl(), { maxConnections: 4 });
}

export interface ScratchDatabase {
  /** Names a database that does not exist yet; `migrate()` creates it. */
  url: string;
  drop(): Promise<void>;
}

/**
 * A database of its own for a test that needs an empty or private one (the shared test database
 * holds other test files' rows, written concurrently). Drop it in afterAll.
 */
export function scratchDatabase(label: string): ScratchDatabase {
  const base = testDatabaseUrl();
  const name = `${databaseNameOf(base)}_${label}_${randomBytes(4).toString('hex')}`;
  const url = withDatabaseName(base, name);
  return { url, drop: () => dropDatabaseIfExists(url) };
}

export interface MigratedScratchDatabase extends ScratchDatabase {
  prisma: PrismaClient;
}

/** A scratch database with the migrations applied and a client connected to it. */
export async function migratedScratchDatabase(label: string): Promise<MigratedScratchDatabase> {
  const scratch = scratchDatabase(label);
  await migrate({ databaseUrl: scratch.url });
  const prisma = createPrismaClient(scratch.url, { maxConnections: 4 });
  return {
    ...scratch,
    prisma,
    drop: async () => {
      await prisma.$disconnect();
      await scratch.drop();
    },
  };
}
