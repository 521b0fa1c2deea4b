/** Base of every error the migrator throws; `code` is stable, the message is for people. */
export abstract class MigrationError extends Error {
  abstract readonly code: string;
}

/** A migration was edited after it was applied: the database no longer matches the files. */
export class MigrationChecksumMismatchError extends MigrationError {
  readonly code = 'MIGRATION_CHECKSUM_MISMATCH';
  constructor(readonly migrationNames: string[]) {
    super(
      `Migration(s) ${migrationNames.join(', ')} changed after they were applied to the database. ` +
        'Restore the committed migration.sql and put the change in a new migration instead.',
    );
    this.name = 'MigrationChecksumMismatchError';
  }
}

/** `_prisma_migrations` records a migration that started and never finished (failed under Prisma). */
export class UnfinishedMigrationError extends MigrationError {
  readonly code = 'MIGRATION_UNFINISHED';
  constructor(readonly migrationNames: string[]) {
    super(
      `Migration(s) ${migrationNames.join(', ')} are recorded as started but not finished ` +
        '(a failed `prisma migrate deploy`?). Repair the database by hand, then mark the row ' +
        'rolled back (set rolled_back_at) or finished in _prisma_migrations.',
    );
    this.name = 'UnfinishedMigrationError';
  }
}

/** The migrations directory, or a migration directory's migration.sql, is not there. */
export class MigrationFileMissingError extends MigrationError {
  readonly code = 'MIGRATION_FILE_MISSING';
  constructor(readonly path: string) {
    super(`${path} is missing`);
    this.name = 'MigrationFileMissingError';
  }
}

/** The SQL of a migration failed; its transaction was rolled back, nothing was recorded. */
export class MigrationApplyError extends MigrationError {
  readonly code = 'MIGRATION_APPLY_FAILED';
  constructor(
    readonly migrationName: string,
    override readonly cause: unknown,
  ) {
    super(
      `Migration ${migrationName} failed and was rolled back: ${
        cause instanceof Error ? cause.message : String(cause)
      }`,
    );
    this.name = 'MigrationApplyError';
  }
}

/** Another process held the migration lock for longer than we were willing to wait. */
export class MigrationLockTimeoutError extends MigrationError {
  readonly code = 'MIGRATION_LOCK_TIMEOUT';
  constructor(readonly timeoutMs: number) {
    super(
      `Timed out after ${timeoutMs} ms waiting for the migration advisory lock; ` +
        'another migrator (or `prisma migrate`) is still running against this database.',
    );
    this.name = 'MigrationLockTimeoutError';
  }
}

/** Postgres did not answer at all; the message says how to start the local one. */
export class DatabaseUnreachableError extends MigrationError {
  readonly code = 'DATABASE_UNREACHABLE';
  constructor(
    readonly databaseUrl: string,
    override readonly cause: unknown,
  ) {
    super(
      `Cannot reach PostgreSQL at ${databaseUrl}: ${
        cause instanceof Error ? cause.message : String(cause)
      }. Start it (e.g. \`service postgresql start\` or \`pg_ctlcluster <version> main start\`) ` +
        'or point DATABASE_URL / TEST_DATABASE_URL at a running server.',
    );
    this.name = 'DatabaseUnreachableError';
  }
}
