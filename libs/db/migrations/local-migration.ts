/** A migration directory under prisma/migrations, as read from disk. */
export interface LocalMigration {
  /** The directory name, e.g. `20261127000000_init`; migrations apply in its byte order. */
  name: string;
  /** The bytes of migration.sql: the checksum is taken over these, not over decoded text. */
  sql: Buffer;
  checksum: string;
}

/** A row of `_prisma_migrations`, the table Prisma Migrate and our migrator share. */
export interface MigrationRecord {
  migrationName: string;
  checksum: string;
  finishedAt: Date | null;
  rolledBackAt: Date | null;
}
