import type { z } from 'zod';
import { backendSettingsSchema, type BackendSettings } from './backend-settings';
import { envSchema, type Env } from './env-schema';

export class EnvValidationError extends Error {
  readonly code = 'INVALID_ENV';
  constructor(readonly problems: string[]) {
    super(`invalid environment: ${problems.join('; ')}`);
    this.name = 'EnvValidationError';
  }
}

/** Parses the environment into a typed object; an empty or blank value counts as unset. */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  return parseEnv(envSchema, source);
}

/**
 * Only the backend's variables: for processes that train without being a worker (benchmarks,
 * tests), which need not have a database URL or anything else a worker reads.
 */
export function loadBackendSettings(source: NodeJS.ProcessEnv = process.env): BackendSettings {
  return parseEnv(backendSettingsSchema, source);
}

function parseEnv<Schema extends z.ZodType>(
  schema: Schema,
  source: NodeJS.ProcessEnv,
): z.output<Schema> {
  const cleaned = Object.fromEntries(
    Object.entries(source).filter(([, value]) => value !== undefined && value.trim() !== ''),
  );
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    throw new EnvValidationError(
      // Messages that start with '=' quote the value right after the variable's name.
      result.error.issues.map((issue) =>
        [issue.path.join('.'), issue.message].join(issue.message.startsWith('=') ? '' : ' '),
      ),
    );
  }
  return result.data;
}
