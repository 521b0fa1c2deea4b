import type { IdempotencyKey, PrismaClient } from '../generated/client';

export type IdempotencyRecord = IdempotencyKey;

/**
 * Idempotency keys. A key is written with the resource it creates, in the creating repository's
 * transaction (see claimKey); this repository reads, releases and expires them.
 */
export class IdempotencyRepository {
  constructor(private readonly prisma: PrismaClient) {}

  find(scope: string, key: string): Promise<IdempotencyRecord | null> {
    return this.prisma.idempotencyKey.findUnique({ where: { scope_key: { scope, key } } });
  }

  /** Deletes every key created before `cutoff`; returns how many. */
  async deleteExpired(cutoff: Date): Promise<number> {
    const { count } = await this.prisma.idempotencyKey.deleteMany({
      where: { createdAt: { lt: cutoff } },
    });
    return count;
  }

  /**
   * Forgets an expired key, exactly as `record` read it: if a racing request has already
   * forgotten it and claimed the key anew, that newer row is not touched.
   */
  async forget(record: IdempotencyRecord): Promise<void> {
    const { scope, key, createdAt } = record;
    await this.prisma.idempotencyKey.deleteMany({ where: { scope, key, createdAt } });
  }

  /** Removes a key whose creation was undone (its job could not be enqueued), so a retry may reuse it. */
  async release(scope: string, key: string): Promise<void> {
    await this.prisma.idempotencyKey.deleteMany({ where: { scope, key } });
  }
}
