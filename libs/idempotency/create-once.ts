import type { IdempotencyClaim, IdempotencyRecord } from '@lenet-lab/db';
import { IdempotencyKeyTakenError } from '@lenet-lab/db';
import { IdempotencyKeyInFlightError, IdempotencyKeyReusedError } from './idempotency-errors';
import { requestHash } from './request-hash';

/** Finding a key someone else took, then finding it gone, more often than this is given up on. */
const MAX_CLAIM_ATTEMPTS = 3;

export interface CreateOnceOptions<T> {
  keys: {
    find(scope: string, key: string): Promise<IdempotencyRecord | null>;
    /** Deletes this row of the key only (not a newer claim of the same key). */
    forget(record: IdempotencyRecord): Promise<void>;
  };
  /** How long a key is remembered; an older one is forgotten and the request creates. Default: forever. */
  ttlMs?: number;
  /** The clock, for tests. Default: Date.now. */
  now?: () => number;
  scope: string;
  /** The client's key; without one every call creates. */
  key: string | undefined;
  /** The validated request; its hash tells a replay (same request) from a reuse (another one). */
  request: unknown;
  /**
   * Writes the resource, and the claim in the same transaction when there is one. Throws
   * IdempotencyKeyTakenError when another request committed the key first.
   */
  create(claim: IdempotencyClaim | undefined): Promise<T>;
}

export type CreateOnceResult<T> =
  { replayed: false; created: T } | { replayed: true; resourceId: string };

/**
 * Creates the resource once per key: a first request creates, the same request again gets the
 * id of what the first created, another request with the same key is refused (422).
 */
export async function createOnce<T>(options: CreateOnceOptions<T>): Promise<CreateOnceResult<T>> {
  const { keys, scope, key } = options;
  if (key === undefined) return { replayed: false, created: await options.create(undefined) };
  const claim: IdempotencyClaim = { scope, key, requestHash: requestHash(options.request) };
  for (let attempt = 1; attempt <= MAX_CLAIM_ATTEMPTS; attempt++) {
    let existing = await keys.find(scope, key);
    if (existing && isExpired(existing, options)) {
      // Forgotten: a new request may use the key. If another request got here first, its
      // create wins the primary key and this loop replays or refuses against it.
      await keys.forget(existing);
      existing = null;
    }
    if (existing) {
      if (existing.requestHash !== claim.requestHash) {
        throw new IdempotencyKeyReusedError(scope, key);
      }
      return { replayed: true, resourceId: existing.resourceId };
    }
    try {
      return { replayed: false, created: await options.create(claim) };
    } catch (error) {
      // Lost a race: the winner has committed, so the next find sees its key.
      if (!(error instanceof IdempotencyKeyTakenError)) throw error;
    }
  }
  throw new IdempotencyKeyInFlightError(key);
}

function isExpired(record: IdempotencyRecord, options: { ttlMs?: number; now?: () => number }) {
  if (options.ttlMs === undefined) return false;
  return record.createdAt.getTime() < (options.now ?? Date.now)() - options.ttlMs;
}
