import { z } from 'zod';
import { backendSettingsSchema, type BackendSettings } from './backend-settings';
import { envSchema, type Env } from './env-schema';
import {
  datasetSettingsShape,
  type DatasetEnvPrefix,
  type DatasetSourceSettings,
  loggingSettingsShape,
  serviceOverridesShape,
  serviceSettingsShape,
} from './service-settings';

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

/** DATABASE_URL and REDIS_URL with their defaults: for tools that need the services and nothing else. */
export function loadServiceSettings(source: NodeJS.ProcessEnv = process.env) {
  return parseEnv(z.object(serviceSettingsShape), source);
}

/** DATABASE_URL and REDIS_URL as the environment sets them, undefined where it does not. */
export function loadServiceOverrides(source: NodeJS.ProcessEnv = process.env) {
  return parseEnv(z.object(serviceOverridesShape), source);
}

/** LOG_LEVEL alone: read before anything else, so a bad environment can still be logged. */
export function loadLoggingSettings(source: NodeJS.ProcessEnv = process.env) {
  return parseEnv(z.object(loggingSettingsShape), source);
}

/**
 * One dataset's variables (`<prefix>_DIR`, `_MIRROR`, `_CACHE_DIR`): for the dataset loader, which
 * runs in workers, benches and tests. Every dataset's are validated, so a bad one is named
 * whichever dataset is asked for.
 */
export function loadDatasetSettings(
  prefix: DatasetEnvPrefix,
  source: NodeJS.ProcessEnv = process.env,
): DatasetSourceSettings {
  const settings = parseEnv(z.object(datasetSettingsShape), source);
  return {
    dir: settings[`${prefix}_DIR`],
    mirror: settings[`${prefix}_MIRROR`],
    cacheDir: settings[`${prefix}_CACHE_DIR`],
  };
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
