import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import {
  DEFAULT_MIGRATIONS_DIR,
  DatabaseUnreachableError,
  MigrationApplyError,
  MigrationChecksumMismatchError,
  UnfinishedMigrationError,
  migrate,
  migrationChecksum,
  readMigrations,
} from '@lenet-lab/db';
import { type ScratchDatabase, scratchDatabase } from '../support/database';

const scratches: ScratchDatabase[] = [];
const tempDirs: string[] = [];

function freshDatabase(): string {
  const scratch = scratchDatabase('migrator');
  scratches.push(scratch);
  return scratch.url;
}

/** A private copy of prisma/migrations that a test may edit. */
function copyOfMigrations(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'lenet-lab-migrations-'));
  tempDirs.push(dir);
  cpSync(DEFAULT_MIGRATIONS_DIR, dir, { recursive: true });
  return dir;
}

async function query<T extends object>(url: string, sql: string, values: unknown[] = []) {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

afterAll(async () => {
  await Promise.all(scratches.map((scratch) => scratch.drop()));
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

describe('migrate', () => {
  const committed = readMigrations();

  it('creates a missing database and applies every committed migration', async () => {
    const url = freshDatabase();
    const lines: string[] = [];
    const report = await migrate({ databaseUrl: url, log: (line) => lines.push(line) });

    expect(report.databaseCreated).toBe(true);
    expect(report.applied).toEqual(committed.map((m) => m.name));
    expect(lines).toContain(`Applied migration ${committed[0].name}`);
    const tables = await query<{ table_name: string }>(
      url,
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1",
    );
    expect(tables.map((t) => t.table_name)).toEqual([
      '_prisma_migrations',
      'ablations',
      'checkpoints',
      'epoch_metrics',
      'experiments',
      'idempotency_keys',
      'trained_models',
    ]);
  });

  it('is idempotent: a second run applies nothing', async () => {
    const url = freshDatabase();
    await migrate({ databaseUrl: url });
    const again = await migrate({ databaseUrl: url });
    expect(again.databaseCreated).toBe(false);
    expect(again.applied).toEqual([]);
    expect(again.alreadyApplied).toEqual(committed.map((m) => m.name));
    const rows = await query(url, 'SELECT 1 FROM _prisma_migrations');
    expect(rows).toHaveLength(committed.length);
  });

  it('records each migration the way prisma migrate deploy does', async () => {
    const url = freshDatabase();
    await migrate({ databaseUrl: url });
    const rows = await query<{
      id: string;
      checksum: string;
      migration_name: string;
      finished_at: Date | null;
      started_at: Date;
      rolled_back_at: Date | null;
      applied_steps_count: number;
      logs: string | null;
    }>(url, 'SELECT * FROM _prisma_migrations ORDER BY migration_name');

    expect(rows.map((r) => r.migration_name)).toEqual(committed.map((m) => m.name));
    for (const [i, row] of rows.entries()) {
      const sql = readFileSync(
        path.join(DEFAULT_MIGRATIONS_DIR, row.migration_name, 'migration.sql'),
      );
      expect(row.checksum).toBe(migrationChecksum(sql));
      expect(row.checksum).toBe(committed[i].checksum);
      expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
      expect(row.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.finished_at!.getTime()).toBeGreaterThanOrEqual(row.started_at.getTime());
      expect(row.rolled_back_at).toBeNull();
      expect(row.applied_steps_count).toBe(1);
      expect(row.logs).toBeNull();
    }
  });

  it("creates _prisma_migrations with Prisma's column types", async () => {
    const url = freshDatabase();
    await migrate({ databaseUrl: url });
    const columns = await query<{ column_name: string; data_type: string; len: number | null }>(
      url,
      `SELECT column_name, data_type, character_maximum_length AS len
         FROM information_schema.columns
        WHERE table_name = '_prisma_migrations' ORDER BY ordinal_position`,
    );
    expect(columns).toEqual([
      { column_name: 'id', data_type: 'character varying', len: 36 },
      { column_name: 'checksum', data_type: 'character varying', len: 64 },
      { column_name: 'finished_at', data_type: 'timestamp with time zone', len: null },
      { column_name: 'migration_name', data_type: 'character varying', len: 255 },
      { column_name: 'logs', data_type: 'text', len: null },
      { column_name: 'rolled_back_at', data_type: 'timestamp with time zone', len: null },
      { column_name: 'started_at', data_type: 'timestamp with time zone', len: null },
      { column_name: 'applied_steps_count', data_type: 'integer', len: null },
    ]);
  });

  it('refuses a migration edited after it was applied, and changes nothing', async () => {
    const url = freshDatabase();
    const dir = copyOfMigrations();
    await migrate({ databaseUrl: url, migrationsDir: dir });
    appendFileSync(path.join(dir, committed[0].name, 'migration.sql'), '\n-- edited later\n');

    await expect(migrate({ databaseUrl: url, migrationsDir: dir })).rejects.toThrow(
      MigrationChecksumMismatchError,
    );
    const rows = await query<{ checksum: string }>(url, 'SELECT checksum FROM _prisma_migrations');
    expect(rows[0].checksum).toBe(committed[0].checksum);
  });

  it('refuses to run over a migration Prisma recorded as unfinished', async () => {
    const url = freshDatabase();
    await migrate({ databaseUrl: url });
    await query(url, 'UPDATE _prisma_migrations SET finished_at = NULL');
    await expect(migrate({ databaseUrl: url })).rejects.toThrow(UnfinishedMigrationError);
  });

  it('applies a new migration on top and rolls back a failing one completely', async () => {
    const url = freshDatabase();
    const dir = copyOfMigrations();
    await migrate({ databaseUrl: url, migrationsDir: dir });

    const addColumn = path.join(dir, '29990101000000_add_note');
    cpSync(path.join(dir, committed[0].name), addColumn, { recursive: true });
    const addNote = 'ALTER TABLE "experiments" ADD COLUMN "note" TEXT;\n';
    writeFileSync(path.join(addColumn, 'migration.sql'), addNote);
    expect((await migrate({ databaseUrl: url, migrationsDir: dir })).applied).toEqual([
      '29990101000000_add_note',
    ]);

    const broken = path.join(dir, '29990201000000_broken');
    cpSync(addColumn, broken, { recursive: true });
    writeFileSync(
      path.join(broken, 'migration.sql'),
      'CREATE TABLE "half_done" (id int);\nSELECT * FROM "no_such_table";\n',
    );
    await expect(migrate({ databaseUrl: url, migrationsDir: dir })).rejects.toThrow(
      MigrationApplyError,
    );
    const leftovers = await query(url, "SELECT 1 FROM pg_tables WHERE tablename = 'half_done'");
    expect(leftovers).toHaveLength(0);
    const names = await query<{ migration_name: string }>(
      url,
      'SELECT migration_name FROM _prisma_migrations',
    );
    expect(names.map((n) => n.migration_name)).not.toContain('29990201000000_broken');
  });

  it('lets concurrent migrators of one new database all succeed, applying each migration once', async () => {
    const url = freshDatabase();
    const reports = await Promise.all([1, 2, 3, 4].map(() => migrate({ databaseUrl: url })));

    const appliedBy = reports.filter((report) => report.applied.length > 0);
    expect(appliedBy).toHaveLength(1);
    expect(appliedBy[0].applied).toEqual(committed.map((m) => m.name));
    const rows = await query(url, 'SELECT 1 FROM _prisma_migrations');
    expect(rows).toHaveLength(committed.length);
  });

  it('explains how to start Postgres when nothing listens', async () => {
    await expect(
      migrate({ databaseUrl: 'postgresql://postgres@127.0.0.1:1/lenet_lab_nowhere' }),
    ).rejects.toThrow(DatabaseUnreachableError);
    await expect(
      migrate({ databaseUrl: 'postgresql://postgres@127.0.0.1:1/lenet_lab_nowhere' }),
    ).rejects.toThrow(/Start it/);
  });
});
