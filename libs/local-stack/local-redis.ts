import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import IORedis from 'ioredis';
import { findExecutable } from './find-executable';
import { RedisNotInstalledError } from './local-stack-errors';
import { ManagedProcess } from './managed-process';
import { startWithPortRetry } from './start-with-port-retry';

export interface LocalRedisOptions {
  /** Its working directory (nothing is persisted there: the queue lives only for the run). */
  dir: string;
  logFile: string;
  /** Listen on this port (e.g. to restart on the same address). Default: a free one. */
  port?: number;
  /** Keep the data across restarts (append-only file in `dir`). Default: false. */
  persist?: boolean;
  /** Use this password (a restart must keep it). Default: a random one. */
  password?: string;
  /** Default: 15 s. */
  startTimeoutMs?: number;
  /** Default: 10 s, then it is killed. */
  stopTimeoutMs?: number;
  log?: (line: string) => void;
  onSpawn?: (server: ManagedProcess) => void;
}

/** The redis-server on the PATH, or RedisNotInstalledError with the commands that install it. */
export function findRedisServer(): string {
  const found = findExecutable('redis-server');
  if (!found) throw new RedisNotInstalledError();
  return found;
}

/**
 * A throw-away redis-server for one run: a free port of 127.0.0.1, a random password, no
 * snapshots. Its configuration goes in on stdin so that the password is not in a process list.
 */
export class LocalRedis {
  private constructor(
    readonly url: string,
    readonly port: number,
    private readonly server: ManagedProcess,
    private readonly stopTimeoutMs: number,
  ) {}

  static async start(options: LocalRedisOptions): Promise<LocalRedis> {
    const executable = findRedisServer();
    const timeoutMs = options.startTimeoutMs ?? 15_000;
    mkdirSync(options.dir, { recursive: true });
    const password = options.password ?? randomBytes(18).toString('hex');
    const redisUrl = (port: number) => `redis://:${password}@127.0.0.1:${port}`;
    const { server, port } = await startWithPortRetry({
      service: 'redis-server',
      port: options.port,
      spawn: (port) =>
        ManagedProcess.start({
          name: 'redis',
          command: executable,
          args: ['-'],
          stdin: [
            `port ${port}`,
            'bind 127.0.0.1',
            `dir "${options.dir.replace(/"/g, '\\"')}"`,
            'save ""',
            options.persist ? 'appendonly yes' : 'appendonly no',
            // BullMQ loses jobs if Redis evicts keys under memory pressure.
            'maxmemory-policy noeviction',
            `requirepass ${password}`,
          ].join('\n'),
          logFile: options.logFile,
        }),
      onSpawn: options.onSpawn,
      isReady: (port) => ping(redisUrl(port)),
      readiness: 'redis-server to answer',
      timeoutMs,
      portInUse: /address already in use/i,
    });
    options.log?.(`started redis-server on 127.0.0.1:${port}, pid ${server.pid}`);
    return new LocalRedis(redisUrl(port), port, server, options.stopTimeoutMs ?? 10_000);
  }

  get pid(): number {
    return this.server.pid;
  }

  stop(): Promise<void> {
    return this.server.stop({ signal: 'SIGTERM', timeoutMs: this.stopTimeoutMs });
  }
}

async function ping(url: string): Promise<boolean> {
  const client = new IORedis(url, {
    lazyConnect: true,
    connectTimeout: 1_000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    // disconnect() arms a timer this long in case the socket never closes; the default 2 s
    // outlives a probe by far and keeps a process (or Jest) from exiting.
    disconnectTimeout: 100,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } finally {
    client.disconnect();
  }
}
