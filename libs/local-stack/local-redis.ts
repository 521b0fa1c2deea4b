import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import IORedis from 'ioredis';
import { findExecutable } from './find-executable';
import { findFreePort } from './free-port';
import { RedisNotInstalledError, ServiceStartError } from './local-stack-errors';
import { ManagedProcess } from './managed-process';
import { waitUntil } from './wait-until';

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

const PORT_ATTEMPTS = 3;

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
    for (let attempt = 1; ; attempt++) {
      const port = options.port ?? (await findFreePort());
      const server = await ManagedProcess.start({
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
      });
      options.onSpawn?.(server);
      const url = `redis://:${password}@127.0.0.1:${port}`;
      try {
        await waitUntil(() => ping(url), {
          what: `redis-server to answer on port ${port}`,
          timeoutMs,
          abortIf: () => {
            if (server.hasExited) {
              throw new ServiceStartError(
                'redis-server',
                `it ${server.describeExit()}`,
                server.logTail(),
              );
            }
          },
        });
      } catch (error) {
        await server.stop({ timeoutMs: 5_000 });
        if (attempt < PORT_ATTEMPTS && /address already in use/i.test(server.logTail())) continue;
        if (error instanceof ServiceStartError) throw error;
        throw new ServiceStartError('redis-server', (error as Error).message, server.logTail());
      }
      options.log?.(`started redis-server on 127.0.0.1:${port}, pid ${server.pid}`);
      return new LocalRedis(url, port, server, options.stopTimeoutMs ?? 10_000);
    }
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
