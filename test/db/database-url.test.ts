import { DEFAULT_DATABASE_URL } from '@lenet-lab/env';
import {
  databaseNameOf,
  databaseUrlFromEnv,
  quoteIdentifier,
  redactDatabaseUrl,
  withDatabaseName,
} from '@lenet-lab/db';

describe('database URLs', () => {
  it('defaults to the local lenet_lab database', () => {
    expect(databaseUrlFromEnv({})).toBe(DEFAULT_DATABASE_URL);
    expect(databaseUrlFromEnv({ DATABASE_URL: ' ' })).toBe(DEFAULT_DATABASE_URL);
    expect(databaseUrlFromEnv({ DATABASE_URL: 'postgresql://h/x' })).toBe('postgresql://h/x');
  });

  it('swaps the database name and keeps credentials and parameters', () => {
    const url = 'postgresql://u:p@db:5433/lenet_lab?sslmode=disable';
    expect(withDatabaseName(url, 'postgres')).toBe(
      'postgresql://u:p@db:5433/postgres?sslmode=disable',
    );
    expect(databaseNameOf(url)).toBe('lenet_lab');
  });

  it('refuses a URL without a database name', () => {
    expect(() => databaseNameOf('postgresql://db:5432/')).toThrow('names no database');
  });

  it('hides the password', () => {
    expect(redactDatabaseUrl('postgresql://u:secret@db/x')).toBe('postgresql://u:***@db/x');
  });

  it('quotes identifiers for DDL', () => {
    expect(quoteIdentifier('we"ird')).toBe('"we""ird"');
  });
});
