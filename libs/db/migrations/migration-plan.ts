import { checksumMatches } from './migration-checksum';
import { MigrationChecksumMismatchError, UnfinishedMigrationError } from './migration-errors';
import type { LocalMigration, MigrationRecord } from './local-migration';

export interface MigrationPlan {
  /** Local migrations with no finished record, in the order they must run. */
  pending: LocalMigration[];
  /** Local migrations the database already has, unchanged. */
  applied: string[];
  /** Finished migrations in the database that no local directory has (newer code migrated it). */
  unknown: string[];
}

/** Directory names in byte order, as Prisma sorts them (not locale order). */
export function sortMigrations<T extends { name: string }>(migrations: readonly T[]): T[] {
  return [...migrations].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * Decides what to apply, with Prisma Migrate's rules: a record counts once finished and not
 * rolled back; rolled-back records are history (that migration runs again); a record neither
 * finished nor rolled back is a failed migration and blocks everything, as it does `migrate deploy`.
 * Throws rather than apply anything on top of a database that disagrees with the files.
 */
export function planMigrations(
  local: readonly LocalMigration[],
  records: readonly MigrationRecord[],
): MigrationPlan {
  const live = records.filter((record) => record.rolledBackAt === null);

  const unfinished = live.filter((record) => record.finishedAt === null);
  if (unfinished.length > 0) {
    throw new UnfinishedMigrationError(unfinished.map((record) => record.migrationName));
  }

  const finishedByName = new Map(live.map((record) => [record.migrationName, record]));
  const pending: LocalMigration[] = [];
  const applied: string[] = [];
  const edited: string[] = [];
  for (const migration of sortMigrations(local)) {
    const record = finishedByName.get(migration.name);
    if (!record) pending.push(migration);
    else if (!checksumMatches(migration.sql, record.checksum)) edited.push(migration.name);
    else applied.push(migration.name);
  }
  if (edited.length > 0) throw new MigrationChecksumMismatchError(edited);

  const localNames = new Set(local.map((migration) => migration.name));
  const unknown = [...finishedByName.keys()].filter((name) => !localNames.has(name)).sort();
  return { pending, applied, unknown };
}
