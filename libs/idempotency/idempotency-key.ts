import { MAX_IDEMPOTENCY_KEY_LENGTH } from './idempotency-constants';
import { InvalidIdempotencyKeyError } from './idempotency-errors';

const PRINTABLE_ASCII = /^[\x20-\x7e]+$/;

/**
 * The key from the request's Idempotency-Key header values (Node's `headersDistinct`), or
 * undefined when there is none. Two headers are refused rather than joined into one key.
 */
export function parseIdempotencyKey(values: readonly string[] | undefined): string | undefined {
  if (values === undefined || values.length === 0) return undefined;
  if (values.length > 1) throw new InvalidIdempotencyKeyError(`was sent ${values.length} times`);
  const [key] = values;
  if (key.length === 0) throw new InvalidIdempotencyKeyError('is empty');
  if (key.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
    throw new InvalidIdempotencyKeyError(`is ${key.length} characters long`);
  }
  if (!PRINTABLE_ASCII.test(key)) {
    throw new InvalidIdempotencyKeyError('holds a character that is not printable ASCII');
  }
  return key;
}
