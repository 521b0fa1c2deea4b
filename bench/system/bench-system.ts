import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startApiServer, type RunningApi } from '@lenet-lab/api';
import { LenetLabClient } from '@lenet-lab/cli/api';
import { deleteQueueKeys } from '@lenet-lab/cli/ablation/queue-prefix';
import { WorkerPool } from '@lenet-lab/cli/ablation/worker-pool';
import { loadEnv } from '@lenet-lab/env';
import { waitUntil } from '@lenet-lab/local-stack';
import { createLogger } from '@lenet-lab/logger';
import { createRedisConnection, createTrainingQueue, type TrainingQueue } from '@lenet-lab/queue';

export interface BenchSystemOptions {
  databaseUrl: string;
  redisUrl: string;
  /** Worker processes, each as `npm run worker` starts it. */
  workers: number;
}

/**
 * The real system on this machine's Redis and Postgres: the API in this process (as the tests
 * start it), workers as child processes, all under a queue prefix of this run's own, whose
 * keys close() deletes. Worker logs go to a temporary folder, kept only if a worker died.
 */
export interface BenchSystem {
  client: LenetLabClient;
  /** For reading a job's progress straight from BullMQ. */
  queue: TrainingQueue;
  queuePrefix: string;
  pool: WorkerPool;
  logsDir: string;
  close(): Promise<void>;
}

const WORKERS_READY_TIMEOUT_MS = 120_000;
/**
 * What libs/worker/worker-process.ts logs once its BullMQ workers are up. Registering with
 * Redis comes earlier, while the process is still starting; a job posted then would count
 * the rest of the start-up as queueing.
 */
const READY_LOG = '"msg":"worker ready"';

/** Systems not closed yet: an interrupted bench must not leave worker processes behind. */
const running = new Set<BenchSystem>();

/** For a signal handler: stops every system still running. */
export async function closeRunningSystems(): Promise<void> {
  await Promise.all([...running].map((system) => system.close()));
}

export async function startBenchSystem(options: BenchSystemOptions): Promise<BenchSystem> {
  const queuePrefix = `lenet-lab-bench-${randomBytes(4).toString('hex')}`;
  const logsDir = path.join(os.tmpdir(), queuePrefix);
  // No API keys: the in-process API listens on loopback only, and only this run talks to it.
  const env = loadEnv({
    DATABASE_URL: options.databaseUrl,
    REDIS_URL: options.redisUrl,
    QUEUE_PREFIX: queuePrefix,
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'silent',
  });
  const closers: (() => Promise<unknown>)[] = [
    () => deleteQueueKeys(options.redisUrl, queuePrefix),
  ];
  let system: BenchSystem | undefined;
  const close = async () => {
    if (system) running.delete(system);
    while (closers.length > 0) await closers.pop()!().catch(() => undefined);
  };
  try {
    const api: RunningApi = await startApiServer(env, createLogger('bench-api', 'silent'));
    closers.push(() => api.close());
    const redis = createRedisConnection(options.redisUrl, 'producer');
    const queue = createTrainingQueue(redis, queuePrefix);
    closers.push(async () => {
      await queue.close();
      redis.disconnect();
    });
    const pool = await WorkerPool.start({
      count: options.workers,
      logsDir,
      env: {
        ...process.env,
        DATABASE_URL: options.databaseUrl,
        REDIS_URL: options.redisUrl,
        QUEUE_PREFIX: queuePrefix,
        WORKER_CONCURRENCY: '1',
        LOG_LEVEL: 'info',
      },
    });
    closers.push(async () => {
      await pool.stop();
      if (pool.workers.every((w) => w.exitCode === 0)) await rm(logsDir, { recursive: true });
    });
    await waitUntil(() => pool.workers.every((worker) => worker.logTail(50).includes(READY_LOG)), {
      what: `${options.workers} worker process(es) to be ready (logs: ${logsDir})`,
      timeoutMs: WORKERS_READY_TIMEOUT_MS,
      abortIf: () => pool.checkAlive(),
    });
    system = {
      client: new LenetLabClient({ baseUrl: api.url }),
      queue,
      queuePrefix,
      pool,
      logsDir,
      close,
    };
    running.add(system);
    return system;
  } catch (error) {
    await close();
    throw error;
  }
}
