import { ConfigValidationError, UnknownPresetError } from '@lenet-lab/config';
import { DatabaseUnavailableError } from '@lenet-lab/db';
import {
  DependencyUnavailableError,
  DOMAIN_ERROR_CODES,
  InvalidRequestError,
  NotFoundError,
  StateConflictError,
} from '@lenet-lab/errors';
import { HTTP_STATUS_BY_CODE, HttpError, toErrorBody } from '@lenet-lab/http';
import {
  IdempotencyKeyInFlightError,
  IdempotencyKeyReusedError,
  InvalidIdempotencyKeyError,
} from '@lenet-lab/idempotency';

describe('domain errors become HTTP answers in one table', () => {
  it.each([
    [new NotFoundError('experiment', 'x'), 404, 'NOT_FOUND'],
    [new InvalidRequestError('seeds twice'), 400, 'BAD_REQUEST'],
    [new StateConflictError('already completed'), 409, 'CONFLICT'],
    [new DependencyUnavailableError('Redis is down'), 503, 'SERVICE_UNAVAILABLE'],
    [new UnknownPresetError('nope', ['baseline']), 400, 'UNKNOWN_PRESET'],
    [new InvalidIdempotencyKeyError('is empty'), 400, 'INVALID_IDEMPOTENCY_KEY'],
    [new IdempotencyKeyReusedError('POST /api/experiments', 'k'), 422, 'IDEMPOTENCY_KEY_REUSED'],
    [new IdempotencyKeyInFlightError('k'), 409, 'IDEMPOTENCY_KEY_IN_FLIGHT'],
  ])('%s answers %i with its own code and message', (error, status, code) => {
    expect(toErrorBody(error)).toEqual({ status, code, message: error.message });
  });

  it('sends a config error field by field, and a database outage with Retry-After', () => {
    const config = new ConfigValidationError([{ path: 'lr', message: 'must be positive' }]);
    expect(toErrorBody(config)).toEqual({
      status: 400,
      code: 'INVALID_CONFIG',
      message: 'lr: must be positive',
      details: [{ path: 'lr', message: 'must be positive' }],
    });
    const outage = toErrorBody(new DatabaseUnavailableError(new Error('connect ECONNREFUSED')));
    expect(outage).toMatchObject({
      status: 503,
      code: 'DATABASE_UNAVAILABLE',
      retryAfterSeconds: 5,
    });
  });

  it('maps every domain code to a client or availability status', () => {
    for (const code of DOMAIN_ERROR_CODES) {
      const { status } = HTTP_STATUS_BY_CODE[code];
      expect(status === 503 || (status >= 400 && status < 500)).toBe(true);
    }
  });

  it('keeps edge refusals as they are and hides anything unknown behind a 500', () => {
    expect(toErrorBody(new HttpError(429, 'RATE_LIMITED', 'slow down'))).toMatchObject({
      status: 429,
      code: 'RATE_LIMITED',
    });
    const unknown = toErrorBody(new Error('password=hunter2 in a stack'));
    expect(unknown).toEqual({ status: 500, code: 'INTERNAL', message: 'internal server error' });
  });
});
