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

const datasetFolder = z.string().trim().min(1).optional();
const datasetMirror = urlWithProtocol(['http:', 'https:']).optional();

/**
 * Each dataset's variables start with its own prefix (MNIST_DIR, FASHION_MNIST_DIR, …): the
 * datasets share their four file names, so one folder or cache cannot hold two of them.
 */
export const DATASET_ENV_PREFIXES = ['MNIST', 'FASHION_MNIST'] as const;
export type DatasetEnvPrefix = (typeof DATASET_ENV_PREFIXES)[number];

type DatasetVariables<Prefix extends DatasetEnvPrefix> = Record<
  `${Prefix}_DIR` | `${Prefix}_CACHE_DIR`,
  typeof datasetFolder
> &
  Record<`${Prefix}_MIRROR`, typeof datasetMirror>;

/**
 * `<PREFIX>_DIR`: a folder holding the four IDX files (each plain or .gz), tried first when set.
 * `<PREFIX>_MIRROR`: a mirror serving `<file>.gz`; unset: the dataset's own default mirror.
 * `<PREFIX>_CACHE_DIR`: where downloads are kept; unset: ~/.cache/lenet-lab/<dataset>.
 */
function datasetVariables<Prefix extends DatasetEnvPrefix>(
  prefix: Prefix,
): DatasetVariables<Prefix> {
  return {
    [`${prefix}_DIR`]: datasetFolder,
    [`${prefix}_MIRROR`]: datasetMirror,
    [`${prefix}_CACHE_DIR`]: datasetFolder,
  } as DatasetVariables<Prefix>;
}

/** Where MNIST and Fashion-MNIST files come from when no npm or Debian package has them. */
export const datasetSettingsShape: DatasetVariables<DatasetEnvPrefix> = Object.assign(
  {},
  ...DATASET_ENV_PREFIXES.map(datasetVariables),
);

/** One dataset's variables, as set (undefined where unset). */
export interface DatasetSourceSettings {
  dir?: string;
  mirror?: string;
  cacheDir?: string;
}
