import { Prisma } from '../generated/client';

const UNIQUE_VIOLATION = 'P2002';

/** A client's key for one create request, as it is stored next to the resource it created. */
export interface IdempotencyClaim {
  /** The route the key belongs to, e.g. "POST /api/experiments"; keys of two routes never meet. */
  scope: string;
  key: string;
  /** SHA-256 of the request that first used the key. */
  requestHash: string;
}

/** Another request already holds the key (committed before this one could write it). */
export class IdempotencyKeyTakenError extends Error {
  readonly code = 'IDEMPOTENCY_KEY_TAKEN';
  constructor(
    readonly scope: string,
    readonly key: string,
  ) {
    super(`Idempotency key ${JSON.stringify(key)} is already used on ${scope}`);
    this.name = 'IdempotencyKeyTakenError';
  }
}

/**
 * Writes the key row inside the transaction that creates the resource, first: of two requests
 * racing with one key, the second blocks on the primary key until the first commits, then
 * fails with IdempotencyKeyTakenError having written nothing.
 */
export async function claimKey(
  tx: Prisma.TransactionClient,
  claim: IdempotencyClaim,
  resourceType: string,
  resourceId: string,
): Promise<void> {
  try {
    await tx.idempotencyKey.create({ data: { ...claim, resourceType, resourceId } });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === UNIQUE_VIOLATION) {
      throw new IdempotencyKeyTakenError(claim.scope, claim.key);
    }
    throw error;
  }
}
