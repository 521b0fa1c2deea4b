import type { z } from 'zod';

/**
 * A job's payload checked against its schema: jobs can be added by hand (Bull Board, scripts),
 * and one that is not ours must fail once, with a message, rather than be retried. Returns the
 * reason it is not, or null.
 */
export function payloadProblem(schema: z.ZodType, data: unknown): string | null {
  const result = schema.safeParse(data);
  if (result.success) return null;
  return result.error.issues
    .map((issue) => `${issue.path.join('.') || 'data'}: ${issue.message}`)
    .join('; ')
    .slice(0, 500);
}
