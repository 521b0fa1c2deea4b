import { HttpError } from '@lenet-lab/http';
import { IDEMPOTENCY_KEY_HEADER, MAX_IDEMPOTENCY_KEY_LENGTH } from './idempotency-constants';

/** The header is there but cannot be a key: empty, too long, not printable, or sent twice. */
export class InvalidIdempotencyKeyError extends HttpError {
  constructor(reason: string) {
    super(
      400,
      'INVALID_IDEMPOTENCY_KEY',
      `${IDEMPOTENCY_KEY_HEADER} ${reason}; it must be 1–${MAX_IDEMPOTENCY_KEY_LENGTH} printable ASCII characters`,
    );
  }
}

/** The key was first used with another request: answering with that one's resource would lie. */
export class IdempotencyKeyReusedError extends HttpError {
  constructor(scope: string, key: string) {
    super(
      422,
      'IDEMPOTENCY_KEY_REUSED',
      `${IDEMPOTENCY_KEY_HEADER} ${JSON.stringify(key)} was already used on ${scope} with a ` +
        'different request body; send a new key for a new request',
    );
  }
}

/** The request that holds the key was undone while this one waited; the client may retry. */
export class IdempotencyKeyInFlightError extends HttpError {
  constructor(key: string) {
    super(
      409,
      'IDEMPOTENCY_KEY_IN_FLIGHT',
      `another request with ${IDEMPOTENCY_KEY_HEADER} ${JSON.stringify(key)} is in progress; retry`,
    );
  }
}
