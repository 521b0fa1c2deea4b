import { z } from 'zod';

/** Whether each dependency (Redis, PostgreSQL) answered within the check's timeout. */
export const healthSchema = z.strictObject({
  status: z.enum(['ok', 'unavailable']),
  checks: z.record(z.string(), z.strictObject({ ok: z.boolean(), error: z.string().optional() })),
});
export type Health = z.infer<typeof healthSchema>;

/** Every error the API answers with; `code` is stable, `message` is for people. */
export const errorSchema = z.strictObject({
  error: z.strictObject({
    status: z.int(),
    code: z.string(),
    message: z.string(),
    details: z.unknown().optional(),
  }),
});
export type ErrorBody = z.infer<typeof errorSchema>;
