import { loadServiceSettings } from '@lenet-lab/env';

/** Present on every Postgres server; used to create or drop the database a URL names. */
export const MAINTENANCE_DATABASE = 'postgres';

/** DATABASE_URL, validated, or the local default (DEFAULT_DATABASE_URL in @lenet-lab/env). */
export function databaseUrlFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  return loadServiceSettings(env).DATABASE_URL;
}

export function databaseNameOf(databaseUrl: string): string {
  const name = decodeURIComponent(new URL(databaseUrl).pathname.replace(/^\//, ''));
  if (!name)
    throw new Error(`The database URL names no database: ${redactDatabaseUrl(databaseUrl)}`);
  return name;
}

/** The same server, credentials and parameters, another database. */
export function withDatabaseName(databaseUrl: string, databaseName: string): string {
  const url = new URL(databaseUrl);
  url.pathname = `/${encodeURIComponent(databaseName)}`;
  return url.toString();
}

/** For logs and error messages: the password never leaves the process. */
export function redactDatabaseUrl(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return '<unparseable database URL>';
  }
}

/** Double-quotes an identifier for SQL that cannot take it as a parameter (CREATE DATABASE). */
export function quoteIdentifier(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}
