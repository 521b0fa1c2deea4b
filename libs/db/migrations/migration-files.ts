import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { migrationChecksum } from './migration-checksum';
import { MigrationFileMissingError } from './migration-errors';
import type { LocalMigration } from './local-migration';
import { sortMigrations } from './migration-plan';

/** The committed migrations: this file lives in libs/db/migrations, they in prisma/migrations. */
export const DEFAULT_MIGRATIONS_DIR = path.resolve(__dirname, '../../../prisma/migrations');

const MIGRATION_FILE = 'migration.sql';

/** Every subdirectory is a migration (migration_lock.toml and other files are not), as for Prisma. */
export function readMigrations(migrationsDir: string = DEFAULT_MIGRATIONS_DIR): LocalMigration[] {
  if (!existsSync(migrationsDir)) throw new MigrationFileMissingError(migrationsDir);
  const migrations = readdirSync(migrationsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => {
      const file = path.join(migrationsDir, entry.name, MIGRATION_FILE);
      if (!existsSync(file)) throw new MigrationFileMissingError(file);
      const sql = readFileSync(file);
      return { name: entry.name, sql, checksum: migrationChecksum(sql) };
    });
  return sortMigrations(migrations);
}
