import { createHash } from 'node:crypto';

/** What Prisma stores in `_prisma_migrations.checksum`: SHA-256 of migration.sql, lowercase hex. */
export function migrationChecksum(sql: Buffer | string): string {
  return createHash('sha256').update(sql).digest('hex');
}

/**
 * Prisma's own comparison: the file also matches if only its line endings differ (git may have
 * converted them on a Windows checkout), so we accept exactly what `prisma migrate deploy` accepts.
 */
export function checksumMatches(sql: Buffer | string, recordedChecksum: string): boolean {
  const text = typeof sql === 'string' ? sql : sql.toString('utf8');
  const variants = [sql, text.replace(/\r\n/g, '\n'), text.replace(/\n/g, '\r\n')];
  return variants.some((variant) => migrationChecksum(variant) === recordedChecksum);
}
