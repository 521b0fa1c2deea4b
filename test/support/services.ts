// Real services for integration tests: an in-process API and real worker processes, on this
// machine's Redis and the migrated test database, under a queue prefix of the test's own.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import IORedis from 'ioredis';
import { startApiServer, type RunningApi } from '@lenet-lab/api';
import { loadEnv, type Env } from '@lenet-lab/env';
import { createLogger } from '@lenet-lab/logger';
import { testDatabaseUrl } from './database';

export const REPO_ROOT = path.resolve(__dirname, '../..');

export function testRedisUrl(): string {
  return process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
}

/** An environment of the test's own: the test database, and a fresh queue prefix. */
export function testEnv(overrides: Partial<Record<keyof Env, string>> = {}): Env {
  return loadEnv({
    DATABASE_URL: testDatabaseUrl(),
    REDIS_URL: testRedisUrl(),
    QUEUE_PREFIX: `test-${randomUUID()}`,
    PORT: '0',
    LOG_LEVEL: 'silent',
    ...overrides,
  });
}

export function startTestApi(env: Env): Promise<RunningApi> {
  return startApiServer(env, createLogger('api-test', 'silent'));
}

/**
 * A real API for a test file that needs nothing else: started before its tests, closed after
 * them with its queue keys removed. The fields are set once the file's beforeAll has run.
 */
export function useTestApi(): { env: Env; api: RunningApi } {
  const running = {} as { env: Env; api: RunningApi };
  beforeAll(async () => {
    running.env = testEnv();
    running.api = await startTestApi(running.env);
  });
  afterAll(async () => {
    await running.api?.close();
    if (running.env) await cleanQueuePrefix(running.env);
  });
  return running;
}

export interface WorkerProcess {
  child: ChildProcess;
  output: () => string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** A real worker process, as `npm run worker` starts it, with the given environment. */
export function spawnWorker(env: Env, extra: Record<string, string> = {}): WorkerProcess {
  const child = spawn(
    process.execPath,
    // tsx as a loader, not its CLI: one process, so a signal (even SIGKILL) hits the worker itself.
    ['--import', 'tsx', path.join(REPO_ROOT, 'apps/worker/main.ts')],
    {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        DATABASE_URL: env.DATABASE_URL,
        REDIS_URL: env.REDIS_URL,
        QUEUE_PREFIX: env.QUEUE_PREFIX,
        LOG_LEVEL: 'info',
        ...extra,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  return {
    child,
    output: () => output,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Deletes every key under a test's queue prefix. */
export async function cleanQueuePrefix(env: Env): Promise<void> {
  const redis = new IORedis(env.REDIS_URL);
  try {
    const keys = await redis.keys(`${env.QUEUE_PREFIX}:*`);
    if (keys.length) await redis.del(...keys);
  } finally {
    redis.disconnect();
  }
}

/**
 * Polls `read` until `done` holds, or fails with the last value seen. `what` may be a function,
 * so a message that quotes a worker's output quotes it as it is at the timeout.
 */
export async function waitFor<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  { timeoutMs = 60_000, intervalMs = 250, what = 'condition' as string | (() => string) } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await read();
  while (!done(last)) {
    if (Date.now() > deadline) {
      const subject = typeof what === 'function' ? what() : what;
      throw new Error(`timed out waiting for ${subject}; last value: ${JSON.stringify(last)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
    last = await read();
  }
  return last;
}

/** A response body as JSON; tests assert on its shape, so it is typed loosely on purpose. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function json(response: Response | Promise<Response>): Promise<any> {
  return (await response).json();
}

/** POSTs an experiment to the test API and returns the created experiment. */
export function submitExperiment(
  apiUrl: string,
  body: object,
  headers: Record<string, string> = {},
) {
  return json(
    fetch(`${apiUrl}/api/experiments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    }),
  );
}
