/**
 * The codes of the conditions the libraries report to a caller. Each names what went wrong, not
 * how a transport says so: `libs/http` holds the one table that turns a code into an HTTP status.
 */
export const DOMAIN_ERROR_CODES = [
  'NOT_FOUND',
  'BAD_REQUEST',
  'CONFLICT',
  'SERVICE_UNAVAILABLE',
  'INVALID_CONFIG',
  'UNKNOWN_PRESET',
  'INVALID_IDEMPOTENCY_KEY',
  'IDEMPOTENCY_KEY_REUSED',
  'IDEMPOTENCY_KEY_IN_FLIGHT',
  'DATABASE_UNAVAILABLE',
] as const;

export type DomainErrorCode = (typeof DOMAIN_ERROR_CODES)[number];

/** An error a caller can act on: a stable code, a message written for people, optional details. */
export abstract class DomainError extends Error {
  abstract readonly code: DomainErrorCode;

  /** Structured facts beside the message (for a config, one entry per offending field). */
  get details(): unknown {
    return undefined;
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}

/** The thing asked for does not exist (or is not visible to the caller). */
export class NotFoundError extends DomainError {
  readonly code = 'NOT_FOUND';
  constructor(what: string, id: string) {
    super(`${what} ${id} not found`);
    this.name = 'NotFoundError';
  }
}

/** The request contradicts itself or the rules, in a way no schema could see. */
export class InvalidRequestError extends DomainError {
  readonly code = 'BAD_REQUEST';
  constructor(
    message: string,
    /** One entry per offending field, where a schema found them. */
    readonly issues?: { path: string; message: string }[],
  ) {
    super(message);
    this.name = 'InvalidRequestError';
  }

  override get details() {
    return this.issues;
  }
}

/** The request is valid but the thing is not in a state that allows it (a finished experiment). */
export class StateConflictError extends DomainError {
  readonly code = 'CONFLICT';
  constructor(message: string) {
    super(message);
    this.name = 'StateConflictError';
  }
}

/** Something the request needs (Redis, the queue) is not answering; a retry may succeed. */
export class DependencyUnavailableError extends DomainError {
  readonly code = 'SERVICE_UNAVAILABLE';
  constructor(message: string) {
    super(message);
    this.name = 'DependencyUnavailableError';
  }
}
