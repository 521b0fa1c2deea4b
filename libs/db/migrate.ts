// `npm run db:migrate`: applies prisma/migrations to DATABASE_URL (default: the local lenet_lab),
// creating the database if needed. Stands in for `prisma migrate deploy`, whose engine is not
// available on every machine, and leaves `_prisma_migrations` as that command would.
import { redactDatabaseUrl } from './database-url';
import { MigrationError, migrate, resolveMigrateOptions } from './migrations';

async function main(): Promise<void> {
  const options = resolveMigrateOptions({ log: (line) => console.log(line) });
  console.log(`Migrating ${redactDatabaseUrl(options.databaseUrl)}`);
  const report = await migrate(options);
  for (const name of report.unknown) {
    console.warn(`Warning: ${name} is applied to the database but has no local directory`);
  }
  const before = report.alreadyApplied.length;
  console.log(
    report.applied.length === 0
      ? `${report.databaseName} is up to date (${before} migration(s) applied before).`
      : `Applied ${report.applied.length} migration(s) to ${report.databaseName} (${before} before).`,
  );
}

main().catch((error: unknown) => {
  if (error instanceof MigrationError)
    console.error(`db:migrate failed [${error.code}]: ${error.message}`);
  else console.error('db:migrate failed:', error);
  process.exitCode = 1;
});
