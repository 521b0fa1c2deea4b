import { DomainError } from '@lenet-lab/errors';
import { IDEMPOTENCY_KEY_HEADER, MAX_IDEMPOTENCY_KEY_LENGTH } from './idempotency-constants';

/** The header is there but cannot be a key: empty, too long, not printable, or sent twice. */
export class InvalidIdempotencyKeyError extends DomainError {
  readonly code = 'INVALID_IDEMPOTENCY_KEY';
  constructor(reason: string) {
    super(
      `${IDEMPOTENCY_KEY_HEADER} ${reason}; it must be 1–${MAX_IDEMPOTENCY_KEY_LENGTH} printable ASCII characters`,
    );
    this.name = 'InvalidIdempotencyKeyError';
  }
}

/** The key was first used with another request: answering with that one's resource would lie. */
export class IdempotencyKeyReusedError extends DomainError {
  readonly code = 'IDEMPOTENCY_KEY_REUSED';
  constructor(scope: string, key: string) {
    super(
      `${IDEMPOTENCY_KEY_HEADER} ${JSON.stringify(key)} was already used on ${scope} with a ` +
        'different request body; send a new key for a new request',
    );
    this.name = 'IdempotencyKeyReusedError';
  }
}

/** The request that holds the key was undone while this one waited; the client may retry. */
export class IdempotencyKeyInFlightError extends DomainError {
  readonly code = 'IDEMPOTENCY_KEY_IN_FLIGHT';
  constructor(key: string) {
    super(
      `another request with ${IDEMPOTENCY_KEY_HEADER} ${JSON.stringify(key)} is in progress; retry`,
    );
    this.name = 'IdempotencyKeyInFlightError';
  }
}
