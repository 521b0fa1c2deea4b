import { databaseUrlFromEnv } from '../database-url';
import { DEFAULT_MIGRATIONS_DIR } from './migration-files';

export interface MigrateOptions {
  /** The database to migrate; created if missing. Default: DATABASE_URL, else the local lenet_lab. */
  databaseUrl?: string;
  /** Where the migration directories are. Default: the repository's prisma/migrations. */
  migrationsDir?: string;
  /** How long to wait for another migrator to finish. Default: 60 000 ms. */
  lockTimeoutMs?: number;
  /** Receives one line per thing done (database created, migration applied). Default: silent. */
  log?: (line: string) => void;
}

export type ResolvedMigrateOptions = Required<MigrateOptions>;

export function resolveMigrateOptions(options: MigrateOptions = {}): ResolvedMigrateOptions {
  return {
    databaseUrl: options.databaseUrl ?? databaseUrlFromEnv(),
    migrationsDir: options.migrationsDir ?? DEFAULT_MIGRATIONS_DIR,
    lockTimeoutMs: options.lockTimeoutMs ?? 60_000,
    log: options.log ?? (() => undefined),
  };
}
