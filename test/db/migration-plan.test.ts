import {
  type LocalMigration,
  MigrationChecksumMismatchError,
  type MigrationRecord,
  UnfinishedMigrationError,
  checksumMatches,
  migrationChecksum,
  planMigrations,
} from '@lenet-lab/db';

function local(name: string, sql = `-- ${name}\nSELECT 1;\n`): LocalMigration {
  const bytes = Buffer.from(sql);
  return { name, sql: bytes, checksum: migrationChecksum(bytes) };
}

function record(
  migration: LocalMigration,
  overrides: Partial<MigrationRecord> = {},
): MigrationRecord {
  return {
    migrationName: migration.name,
    checksum: migration.checksum,
    finishedAt: new Date('2026-01-01T00:00:00Z'),
    rolledBackAt: null,
    ...overrides,
  };
}

describe('migrationChecksum', () => {
  it('is the lowercase hex SHA-256 of the bytes, as Prisma records it', () => {
    expect(migrationChecksum(Buffer.from('abc'))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });

  it('matches a file whose line endings git converted, like Prisma does', () => {
    const unix = 'CREATE TABLE a ();\nCREATE TABLE b ();\n';
    const windows = unix.replace(/\n/g, '\r\n');
    expect(checksumMatches(Buffer.from(windows), migrationChecksum(unix))).toBe(true);
    expect(checksumMatches(Buffer.from(unix), migrationChecksum(windows))).toBe(true);
    expect(checksumMatches(Buffer.from(unix + '-- edit\n'), migrationChecksum(unix))).toBe(false);
  });
});

describe('planMigrations', () => {
  const init = local('20260101000000_init');
  const second = local('20260201000000_add_column');

  it('applies everything, in name order, to a database with no records', () => {
    const plan = planMigrations([second, init], []);
    expect(plan.pending.map((m) => m.name)).toEqual([init.name, second.name]);
    expect(plan.applied).toEqual([]);
  });

  it('sorts by bytes, not by locale', () => {
    const upper = local('20260101000000_B');
    const lower = local('20260101000000_a');
    expect(planMigrations([lower, upper], []).pending.map((m) => m.name)).toEqual([
      upper.name,
      lower.name,
    ]);
  });

  it('applies only what has no finished record', () => {
    const plan = planMigrations([init, second], [record(init)]);
    expect(plan.pending.map((m) => m.name)).toEqual([second.name]);
    expect(plan.applied).toEqual([init.name]);
  });

  it('has nothing to do when every migration is recorded', () => {
    const plan = planMigrations([init, second], [record(init), record(second)]);
    expect(plan).toEqual({ pending: [], applied: [init.name, second.name], unknown: [] });
  });

  it('refuses a migration edited after it was applied, naming it', () => {
    const edited = local(init.name, 'SELECT 2;\n');
    expect(() => planMigrations([edited], [record(init)])).toThrow(MigrationChecksumMismatchError);
    expect(() => planMigrations([edited], [record(init)])).toThrow(init.name);
  });

  it('refuses to run while a recorded migration is unfinished', () => {
    const failed = record(init, { finishedAt: null });
    expect(() => planMigrations([init, second], [failed])).toThrow(UnfinishedMigrationError);
  });

  it('applies again a migration whose only record was rolled back', () => {
    const rolledBack = record(init, { finishedAt: null, rolledBackAt: new Date() });
    expect(planMigrations([init], [rolledBack]).pending.map((m) => m.name)).toEqual([init.name]);
  });

  it('reports finished migrations that have no local directory without failing', () => {
    const future = local('20270101000000_future');
    const plan = planMigrations([init], [record(init), record(future)]);
    expect(plan.unknown).toEqual([future.name]);
    expect(plan.pending).toEqual([]);
  });
});
