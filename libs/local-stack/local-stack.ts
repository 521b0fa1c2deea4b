import path from 'node:path';
import { loadServiceOverrides } from '@lenet-lab/env';
import { EmbeddedPostgres } from './embedded-postgres';
import { LocalStackError } from './local-stack-errors';
import {
  localPaths,
  resolveLocalStackOptions,
  type LocalStackOptions,
  type ResolvedLocalStackOptions,
} from './local-stack-options';
import { findRedisServer, LocalRedis } from './local-redis';
import type { ManagedProcess } from './managed-process';
import { RunLock, type RecordedProcess } from './run-lock';

export class LocalStackStoppedError extends LocalStackError {
  constructor() {
    super('LOCAL_STACK_STOPPED', 'the local services were stopped while starting');
  }
}

export interface StackUrls {
  databaseUrl: string;
  /** Undefined when the stack was asked for no Redis. */
  redisUrl?: string;
  /** Which of the two were started here rather than taken from the environment. */
  startedPostgres: boolean;
  startedRedis: boolean;
}

interface Stoppable {
  process: ManagedProcess;
  signal: NodeJS.Signals;
  timeoutMs: number;
}

/**
 * The database and queue a run talks to. The rule is simple on purpose: DATABASE_URL or
 * REDIS_URL set means "use that one"; unset means "start a private one" (an embedded
 * PostgreSQL whose data stays in the project's .lenet-lab/, a throw-away redis-server), so a
 * new user's run never touches another database that happens to listen on this machine.
 *
 * stop() may be called at any time, also while start() is still running: it stops what has
 * been spawned so far, and start() then fails with LocalStackStoppedError.
 */
export class LocalStack {
  readonly options: ResolvedLocalStackOptions;
  private lock: RunLock | undefined;
  private readonly spawned: Stoppable[] = [];
  private stopping = false;

  constructor(options: LocalStackOptions = {}) {
    this.options = resolveLocalStackOptions(options);
  }

  get dataDir(): string {
    return this.options.dataDir;
  }

  async start(): Promise<StackUrls> {
    const { env, log, redis: needRedis } = this.options;
    // A set URL is used as it is (a malformed one stops here, naming the variable).
    const { DATABASE_URL: databaseUrl, REDIS_URL: redisUrl } = loadServiceOverrides(env);
    const startPostgres = !databaseUrl;
    const startRedis = needRedis && !redisUrl;
    if (databaseUrl) log('using the PostgreSQL server in DATABASE_URL');
    if (needRedis && redisUrl) log('using the Redis server in REDIS_URL');
    if (!startPostgres && !startRedis) {
      return { databaseUrl: databaseUrl!, redisUrl, startedPostgres: false, startedRedis: false };
    }
    // Fail before starting anything when Redis cannot be had.
    if (startRedis) findRedisServer();

    const paths = localPaths(this.dataDir);
    const lock = await RunLock.acquire(this.dataDir, log);
    // A stop() while the lock was being taken found nothing to release: release it here.
    if (this.stopping) {
      lock.release();
      throw new LocalStackStoppedError();
    }
    this.lock = lock;
    const timeoutMs = this.options.startTimeoutMs;

    let urls: StackUrls = {
      databaseUrl: databaseUrl ?? '',
      redisUrl,
      startedPostgres: startPostgres,
      startedRedis: startRedis,
    };
    if (startPostgres) {
      const postgres = await EmbeddedPostgres.start({
        dataDir: paths.postgresData,
        logFile: path.join(paths.logs, 'postgres.log'),
        startTimeoutMs: timeoutMs,
        log,
        onSpawn: (server) => this.adopt(server, 'SIGINT', 30_000, 'postgres'),
      });
      urls = { ...urls, databaseUrl: postgres.url };
      this.checkStopping();
    }
    if (startRedis) {
      const redis = await LocalRedis.start({
        dir: paths.redisDir,
        logFile: path.join(paths.logs, 'redis.log'),
        startTimeoutMs: timeoutMs,
        log,
        onSpawn: (server) => this.adopt(server, 'SIGTERM', 10_000, 'redis-server'),
      });
      urls = { ...urls, redisUrl: redis.url };
      this.checkStopping();
    }
    return urls;
  }

  /**
   * Records a process the caller started on top of the stack (a worker), so that the next run
   * can stop it if this one dies without cleaning up.
   */
  recordProcess(process: RecordedProcess): void {
    this.lock?.record(process);
  }

  /** Stops the services in the reverse order of their start and releases the lock. */
  async stop(): Promise<void> {
    this.stopping = true;
    while (this.spawned.length > 0) {
      const { process, signal, timeoutMs } = this.spawned.pop()!;
      await process.stop({ signal, timeoutMs });
      this.lock?.forget(process.pid);
    }
    this.lock?.release();
    this.lock = undefined;
  }

  /** The second Ctrl-C: no waiting. */
  kill(): void {
    for (const { process } of this.spawned) process.kill();
    this.lock?.release();
  }

  private adopt(
    process: ManagedProcess,
    signal: NodeJS.Signals,
    timeoutMs: number,
    marker: string,
  ) {
    this.spawned.push({ process, signal, timeoutMs });
    this.lock?.record({ name: process.name, pid: process.pid, commandMarker: marker });
    // A stop() that came while this server was starting must still reach it.
    if (this.stopping) void process.stop({ signal, timeoutMs });
  }

  private checkStopping(): void {
    if (this.stopping) throw new LocalStackStoppedError();
  }
}
