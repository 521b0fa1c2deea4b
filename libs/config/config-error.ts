import type { z } from 'zod';

/** A config that does not validate; the message names every offending field. */
export class ConfigValidationError extends Error {
  readonly code = 'INVALID_CONFIG';
  constructor(readonly issues: { path: string; message: string }[]) {
    super(issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; '));
    this.name = 'ConfigValidationError';
  }

  static fromZod(error: z.ZodError, prefix = ''): ConfigValidationError {
    return new ConfigValidationError(
      error.issues.map((issue) => ({
        path: [prefix, ...issue.path.map(String)].filter(Boolean).join('.'),
        message: issue.message,
      })),
    );
  }
}
