import { Client } from 'pg';
import {
  MAINTENANCE_DATABASE,
  databaseNameOf,
  quoteIdentifier,
  redactDatabaseUrl,
  withDatabaseName,
} from '../database-url';
import { DatabaseUnreachableError } from './migration-errors';

/** Postgres SQLSTATEs we act on. */
const INVALID_CATALOG_NAME = '3D000';
const DUPLICATE_DATABASE = '42P04';
/** Two concurrent CREATE DATABASE of one name can also collide on pg_database's unique index. */
const UNIQUE_VIOLATION = '23505';
const CANNOT_CONNECT_NOW = '57P03';

const NETWORK_ERRORS = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ETIMEDOUT',
  'EAI_AGAIN',
]);

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error
    ? String((error as { code: unknown }).code)
    : undefined;
}

function isUnreachable(error: unknown): boolean {
  const code = errorCode(error);
  if (code && (NETWORK_ERRORS.has(code) || code === CANNOT_CONNECT_NOW)) return true;
  // pg reports a refused connection on every address of "localhost" as an AggregateError.
  return error instanceof AggregateError && error.errors.some(isUnreachable);
}

/** A connected client; a server that does not answer becomes a DatabaseUnreachableError. */
export async function connect(databaseUrl: string): Promise<Client> {
  const client = new Client({ connectionString: databaseUrl });
  // A dropped connection also rejects the query in flight; without a listener the same error,
  // emitted as an event, would crash the process instead.
  client.on('error', () => undefined);
  try {
    await client.connect();
    return client;
  } catch (error) {
    await client.end().catch(() => undefined);
    if (isUnreachable(error)) {
      throw new DatabaseUnreachableError(redactDatabaseUrl(databaseUrl), error);
    }
    throw error;
  }
}

async function withMaintenanceClient<T>(
  databaseUrl: string,
  work: (client: Client) => Promise<T>,
): Promise<T> {
  const client = await connect(withDatabaseName(databaseUrl, MAINTENANCE_DATABASE));
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Creates the database the URL names; false if it was already there (or another process won). */
export async function createDatabaseIfMissing(databaseUrl: string): Promise<boolean> {
  const name = databaseNameOf(databaseUrl);
  return withMaintenanceClient(databaseUrl, async (client) => {
    const existing = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (existing.rowCount) return false;
    try {
      await client.query(`CREATE DATABASE ${quoteIdentifier(name)}`);
      return true;
    } catch (error) {
      const code = errorCode(error);
      if (code === DUPLICATE_DATABASE || code === UNIQUE_VIOLATION) return false;
      throw error;
    }
  });
}

/** Drops the database the URL names, disconnecting its sessions first (Postgres 13+). */
export async function dropDatabaseIfExists(databaseUrl: string): Promise<void> {
  const name = databaseNameOf(databaseUrl);
  await withMaintenanceClient(databaseUrl, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`);
  });
}

/**
 * Connects to the database the URL names, creating it first if Postgres says it does not exist.
 * Trying the database itself first means a role without access to `postgres` can still migrate
 * a database that is already there.
 */
export async function connectCreatingDatabase(
  databaseUrl: string,
): Promise<{ client: Client; created: boolean }> {
  try {
    return { client: await connect(databaseUrl), created: false };
  } catch (error) {
    if (errorCode(error) !== INVALID_CATALOG_NAME) throw error;
  }
  const created = await createDatabaseIfMissing(databaseUrl);
  return { client: await connect(databaseUrl), created };
}
