/**
 * A refusal that exists only at the HTTP edge (no key, a rate limit, an upload multer rejected),
 * so it carries its status itself. Conditions of the libraries are DomainErrors instead, mapped
 * to statuses in error-handler.ts.
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    /** Sent as Retry-After. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}
