import type { Request } from 'express';
import type { z } from 'zod';
import { describeZodIssue, shownKey } from '@lenet-lab/config';
import { InvalidRequestError } from '@lenet-lab/errors';
import { HttpError } from './http-errors';

/** Far deeper than any request this API takes; deeper input is an attack, not a config. */
export const MAX_REQUEST_DEPTH = 32;

/**
 * A `__proto__` key from JSON.parse is an own property, but copying it (as zod's records and
 * deepMerge do) swaps the copy's prototype, and the field silently vanishes. Refuse it instead.
 */
const FORBIDDEN_KEY = '__proto__';

/** Postgres text and jsonb cannot hold U+0000; let it in and the insert fails with a 500. */
const NUL = '\u0000';

/** The first structural problem of a parsed request part, or undefined; bounded by the depth. */
function structuralIssue(value: unknown, path: string, depth = 0): string | undefined {
  if (typeof value === 'string') {
    return value.includes(NUL)
      ? `${path}: must not contain the NUL character (\\u0000)`
      : undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  if (depth >= MAX_REQUEST_DEPTH) {
    return `${path}: nested deeper than ${MAX_REQUEST_DEPTH} levels`;
  }
  for (const key of Object.keys(value)) {
    if (key === FORBIDDEN_KEY) return `${path}: the key "${FORBIDDEN_KEY}" is not allowed`;
    if (key.includes(NUL)) return `${path}: a key must not contain the NUL character (\\u0000)`;
    const issue = structuralIssue(
      (value as Record<string, unknown>)[key],
      `${path}.${shownKey(key)}`,
      depth + 1,
    );
    if (issue) return issue;
  }
  return undefined;
}

/** Validates one part of a request (body, query, params); the message names each bad field. */
export function parseRequest<Schema extends z.ZodType>(
  schema: Schema,
  value: unknown,
  part: 'body' | 'query' | 'params',
): z.output<Schema> {
  const problem = structuralIssue(value, part);
  if (problem) throw new InvalidRequestError(problem);
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({
    path: [part, ...issue.path.map((key) => shownKey(String(key)))].join('.'),
    message: describeZodIssue(issue),
  }));
  throw new InvalidRequestError(issues.map((i) => `${i.path}: ${i.message}`).join('; '), issues);
}

/** A body of some bytes; an empty one (no Content-Length, or 0) is the same as none. */
function sendsBody(req: Request): boolean {
  return (
    req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length']) > 0
  );
}

/**
 * Validates a request's JSON body. A body sent as another media type (a form, text) is refused
 * with 415: the JSON parser skips it, and reading it as "no body" would act on defaults instead.
 */
export function parseJsonBody<Schema extends z.ZodType>(
  schema: Schema,
  req: Request,
): z.output<Schema> {
  if (sendsBody(req) && !req.is('application/json')) {
    throw new HttpError(
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      'the request body must be JSON, sent with Content-Type: application/json',
    );
  }
  return parseRequest(schema, req.body, 'body');
}
