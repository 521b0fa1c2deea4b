import { STATUS_CODES } from 'node:http';
import type { ErrorRequestHandler } from 'express';
import type { Logger } from 'pino';
import { DomainError, type DomainErrorCode } from '@lenet-lab/errors';
import { HttpError } from './http-errors';

interface ErrorBody {
  status: number;
  code: string;
  message: string;
  details?: unknown;
  /** Sent as Retry-After: when the request may succeed if repeated. */
  retryAfterSeconds?: number;
}

/**
 * The HTTP status of each domain error code: the one place where a condition of the libraries
 * turns into HTTP. A code added to DOMAIN_ERROR_CODES does not compile until it is mapped here.
 */
export const HTTP_STATUS_BY_CODE: Record<
  DomainErrorCode,
  { status: number; retryAfterSeconds?: number }
> = {
  NOT_FOUND: { status: 404 },
  BAD_REQUEST: { status: 400 },
  CONFLICT: { status: 409 },
  SERVICE_UNAVAILABLE: { status: 503 },
  INVALID_CONFIG: { status: 400 },
  UNKNOWN_PRESET: { status: 400 },
  INVALID_IDEMPOTENCY_KEY: { status: 400 },
  IDEMPOTENCY_KEY_REUSED: { status: 422 },
  IDEMPOTENCY_KEY_IN_FLIGHT: { status: 409 },
  DATABASE_UNAVAILABLE: { status: 503, retryAfterSeconds: 5 },
};

function domainErrorBody(error: DomainError): ErrorBody {
  return {
    ...HTTP_STATUS_BY_CODE[error.code],
    code: error.code,
    message: error.message,
    details: error.details,
  };
}

/** body-parser marks its errors with `type`; these are the client's fault, not ours. */
function bodyParserError(error: { type?: string; status?: number }): ErrorBody | undefined {
  switch (error.type) {
    case 'entity.parse.failed':
      return { status: 400, code: 'MALFORMED_JSON', message: 'request body is not valid JSON' };
    case 'entity.too.large':
      return { status: 413, code: 'BODY_TOO_LARGE', message: 'request body is too large' };
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return { status: 415, code: 'UNSUPPORTED_ENCODING', message: 'unsupported body encoding' };
    case undefined:
      return undefined;
    default:
      return {
        status: error.status ?? 400,
        code: 'BAD_BODY',
        message: 'request body could not be read',
      };
  }
}

/**
 * Express and its parsers mark a request's own faults with a 4xx `status` (http-errors style):
 * a percent-encoding that does not decode, a body that does not inflate. Their messages are not
 * written for clients, so the answer says what kind of fault it was and no more.
 */
function clientFault(error: unknown): ErrorBody | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { status, statusCode } = error as { status?: unknown; statusCode?: unknown };
  const code = typeof status === 'number' ? status : statusCode;
  if (typeof code !== 'number' || !Number.isInteger(code) || code < 400 || code > 499) {
    return undefined;
  }
  if (error instanceof URIError) {
    return { status: 400, code: 'MALFORMED_URL', message: 'the URL holds a malformed %-escape' };
  }
  const reason = (STATUS_CODES[code] ?? 'client error').toLowerCase();
  return { status: code, code: 'BAD_REQUEST', message: `the request could not be read: ${reason}` };
}

export function toErrorBody(error: unknown): ErrorBody {
  if (error instanceof HttpError) {
    return {
      status: error.status,
      code: error.code,
      message: error.message,
      details: error.details,
      retryAfterSeconds: error.retryAfterSeconds,
    };
  }
  if (error instanceof DomainError) return domainErrorBody(error);
  const fromBodyParser = bodyParserError((error ?? {}) as { type?: string });
  if (fromBodyParser) return fromBodyParser;
  const fault = clientFault(error);
  if (fault) return fault;
  return { status: 500, code: 'INTERNAL', message: 'internal server error' };
}

/** The one place errors become responses; a stack trace never leaves the process. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const body = toErrorBody(error);
    if (body.status >= 500) logger.error({ err: error, path: req.path }, 'request failed');
    if (res.headersSent) return;
    const { retryAfterSeconds, ...payload } = body;
    if (retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(retryAfterSeconds));
    res.status(body.status).json({ error: payload });
  };
}
