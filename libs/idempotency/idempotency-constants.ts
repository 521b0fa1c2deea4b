export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
/** Set to "true" on an answer that returns the resource an earlier request with the key created. */
export const IDEMPOTENT_REPLAYED_HEADER = 'Idempotent-Replayed';
export const MAX_IDEMPOTENCY_KEY_LENGTH = 200;

/** The routes that take a key; a key is unique within its scope only. */
export const IDEMPOTENCY_SCOPES = {
  experiments: 'POST /api/experiments',
  ablations: 'POST /api/ablations',
} as const;
