import type { z } from 'zod';
import { BadRequestError } from './http-errors';

/** Validates one part of a request (body, query, params); the message names each bad field. */
export function parseRequest<Schema extends z.ZodType>(
  schema: Schema,
  value: unknown,
  part: 'body' | 'query' | 'params',
): z.output<Schema> {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({
    path: [part, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
  throw new BadRequestError(issues.map((i) => `${i.path}: ${i.message}`).join('; '), issues);
}
