import { randomUUID } from 'node:crypto';
import type { Client } from 'pg';
import { databaseNameOf } from '../database-url';
import { withAdvisoryLock } from './advisory-lock';
import { connectCreatingDatabase } from './database-admin';
import type { LocalMigration, MigrationRecord } from './local-migration';
import { MigrationApplyError } from './migration-errors';
import { readMigrations } from './migration-files';
import { planMigrations } from './migration-plan';
import { type MigrateOptions, resolveMigrateOptions } from './migrate-options';

export interface MigrationReport {
  databaseName: string;
  /** True when this run had to create the database. */
  databaseCreated: boolean;
  /** Migrations this run applied, in order. */
  applied: string[];
  /** Migrations the database already had. */
  alreadyApplied: string[];
  /** Finished migrations in the database that no local directory has. */
  unknown: string[];
}

/** Prisma Migrate's own DDL for Postgres, column for column, so `prisma migrate` adopts the table. */
const CREATE_MIGRATIONS_TABLE = `
  CREATE TABLE IF NOT EXISTS _prisma_migrations (
    id                  VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum            VARCHAR(64) NOT NULL,
    finished_at         TIMESTAMPTZ,
    migration_name      VARCHAR(255) NOT NULL,
    logs                TEXT,
    rolled_back_at      TIMESTAMPTZ,
    started_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count INTEGER NOT NULL DEFAULT 0
  )`;

async function readRecords(client: Client): Promise<MigrationRecord[]> {
  const { rows } = await client.query<MigrationRecord>(
    `SELECT migration_name AS "migrationName", checksum,
            finished_at AS "finishedAt", rolled_back_at AS "rolledBackAt"
       FROM _prisma_migrations
      ORDER BY started_at`,
  );
  return rows;
}

/**
 * One transaction per migration: its SQL and its record commit together or not at all, so a
 * failure leaves nothing to repair (unlike Prisma, which records a failed row). Postgres DDL is
 * transactional; a migration that needs to run outside a transaction (CREATE INDEX CONCURRENTLY)
 * cannot go through this migrator. finished_at uses clock_timestamp() because now() is frozen at
 * the start of the transaction.
 */
async function applyMigration(client: Client, migration: LocalMigration): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query(migration.sql.toString('utf8'));
    await client.query(
      `INSERT INTO _prisma_migrations
         (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
       VALUES ($1, $2, $3, now(), clock_timestamp(), 1)`,
      [randomUUID(), migration.checksum, migration.name],
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw new MigrationApplyError(migration.name, error);
  }
}

/**
 * Brings a database up to prisma/migrations, recording each migration in `_prisma_migrations`
 * exactly as Prisma Migrate would, so `prisma migrate deploy` later sees them as applied.
 * Safe to call from several processes at once: they queue on Prisma's advisory lock.
 */
export async function migrate(options: MigrateOptions = {}): Promise<MigrationReport> {
  const { databaseUrl, migrationsDir, lockTimeoutMs, log } = resolveMigrateOptions(options);
  const databaseName = databaseNameOf(databaseUrl);
  // Read the files before touching the database, so a broken checkout changes nothing.
  const local = readMigrations(migrationsDir);

  const { client, created } = await connectCreatingDatabase(databaseUrl);
  if (created) log(`Created database ${databaseName}`);
  try {
    return await withAdvisoryLock(client, lockTimeoutMs, async () => {
      await client.query(CREATE_MIGRATIONS_TABLE);
      const plan = planMigrations(local, await readRecords(client));
      for (const migration of plan.pending) {
        await applyMigration(client, migration);
        log(`Applied migration ${migration.name}`);
      }
      return {
        databaseName,
        databaseCreated: created,
        applied: plan.pending.map((migration) => migration.name),
        alreadyApplied: plan.applied,
        unknown: plan.unknown,
      };
    });
  } finally {
    await client.end();
  }
}
