import { z } from 'zod';

/** Where the app's data lives unless DATABASE_URL says otherwise (the local trust-auth Postgres). */
export const DEFAULT_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/lenet_lab';
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

export const urlWithProtocol = (protocols: string[]) =>
  z.string().refine(
    (value) => {
      try {
        return protocols.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    },
    { message: `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}` },
  );

const databaseUrl = urlWithProtocol(['postgresql:', 'postgres:']);
const redisUrl = urlWithProtocol(['redis:', 'rediss:']);

/** The two services every process needs, with the defaults of a local install. */
export const serviceSettingsShape = {
  DATABASE_URL: databaseUrl.default(DEFAULT_DATABASE_URL),
  REDIS_URL: redisUrl.default(DEFAULT_REDIS_URL),
};

/**
 * The same two variables without defaults: for the CLI's local stack, which starts its own
 * PostgreSQL and Redis for whichever of them the environment does not name.
 */
export const serviceOverridesShape = {
  DATABASE_URL: databaseUrl.optional(),
  REDIS_URL: redisUrl.optional(),
};

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const loggingSettingsShape = {
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
};

/** Where MNIST and Fashion-MNIST files come from when no npm or Debian package has them. */
export const datasetSettingsShape = {
  /** A folder holding the four IDX files (each plain or .gz); tried first when set. */
  MNIST_DIR: z.string().trim().min(1).optional(),
  /** A mirror serving `<file>.gz`; unset: the dataset's own default mirror. */
  MNIST_MIRROR: urlWithProtocol(['http:', 'https:']).optional(),
  /** Where downloads are kept; unset: ~/.cache/lenet-lab/mnist. */
  MNIST_CACHE_DIR: z.string().trim().min(1).optional(),
};
