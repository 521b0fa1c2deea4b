import path from 'node:path';

/** The project's own folder for local services, logs and reports (gitignored). */
export const DEFAULT_DATA_DIR = path.resolve(__dirname, '../../.lenet-lab');

export interface LocalStackOptions {
  /** Where the embedded cluster, logs and lock live. Default: the project's .lenet-lab/. */
  dataDir?: string;
  /** DATABASE_URL and REDIS_URL are read here; a set one is used as it is. Default: process.env. */
  env?: NodeJS.ProcessEnv;
  /** Whether a Redis is needed at all (building a report needs only the database). Default: true. */
  redis?: boolean;
  /** How long each service may take to come up. Default: 60 s. */
  startTimeoutMs?: number;
  /** One line per thing done. Default: silent. */
  log?: (line: string) => void;
}

export interface ResolvedLocalStackOptions {
  dataDir: string;
  env: NodeJS.ProcessEnv;
  redis: boolean;
  startTimeoutMs: number;
  log: (line: string) => void;
}

export function resolveLocalStackOptions(
  options: LocalStackOptions = {},
): ResolvedLocalStackOptions {
  return {
    dataDir: path.resolve(options.dataDir ?? DEFAULT_DATA_DIR),
    env: options.env ?? process.env,
    redis: options.redis ?? true,
    startTimeoutMs: options.startTimeoutMs ?? 60_000,
    log: options.log ?? (() => undefined),
  };
}

/** The folders inside the data directory; one place names them. */
export function localPaths(dataDir: string) {
  return {
    postgresData: path.join(dataDir, 'postgres'),
    redisDir: path.join(dataDir, 'redis'),
    logs: path.join(dataDir, 'logs'),
    reports: path.join(dataDir, 'reports'),
  };
}
