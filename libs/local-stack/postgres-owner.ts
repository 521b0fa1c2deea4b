import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { LocalStackError } from './local-stack-errors';

/** Who runs initdb and the server; undefined ids mean "this process's own user". */
export interface PostgresOwner {
  uid?: number;
  gid?: number;
  /** For messages, e.g. "postgres" or "nobody". */
  name: string;
  /** A command the PostgreSQL binaries run under (a user namespace), before their own. */
  wrapper?: string[];
}

/**
 * As root, run PostgreSQL in a user namespace where root appears as uid 1: PostgreSQL sees a
 * normal user, while its files are root's as before. It reaches a project under a private
 * (0700) directory, keeps the data owned by the project's owner, and needs no other account.
 */
const USER_NAMESPACE = ['unshare', '--user', '--map-user=1', '--map-group=1', '--'];

function userNamespacesWork(): boolean {
  const probe = spawnSync(USER_NAMESPACE[0], [...USER_NAMESPACE.slice(1), 'true'], {
    timeout: 10_000,
    stdio: 'ignore',
  });
  return probe.status === 0;
}

/** The command and arguments that run `binary` as `owner` would. */
export function asOwner(owner: PostgresOwner, binary: string, args: string[]): [string, string[]] {
  if (!owner.wrapper) return [binary, args];
  const [command, ...wrapperArgs] = owner.wrapper;
  return [command, [...wrapperArgs, binary, ...args]];
}

/** Tried in order when the CLI runs as root, which PostgreSQL refuses to run as. */
const UNPRIVILEGED_USERS = ['postgres', 'nobody'];

/**
 * PostgreSQL's initdb and server refuse to run as root ("cannot be run as root"), so as root
 * the cluster runs in a user namespace (see USER_NAMESPACE) or, where those are not allowed,
 * as an unprivileged account that already exists: `postgres` (present wherever a PostgreSQL
 * package was installed), else `nobody`. No user is ever added to the system. An existing
 * cluster owned by another user keeps running as that user, which PostgreSQL requires.
 */
export function choosePostgresOwner(dataDir: string): PostgresOwner {
  const uid = process.getuid?.();
  if (uid !== 0) return { name: 'the current user' };
  if (existsSync(dataDir)) {
    const stats = statSync(dataDir);
    if (stats.uid !== 0) return { uid: stats.uid, gid: stats.gid, name: `uid ${stats.uid}` };
  }
  if (userNamespacesWork()) {
    return { name: 'root mapped to uid 1 in a user namespace', wrapper: USER_NAMESPACE };
  }
  for (const name of UNPRIVILEGED_USERS) {
    const ids = lookupUser(name);
    if (ids) return { ...ids, name };
  }
  throw new LocalStackError(
    'NO_UNPRIVILEGED_USER',
    `PostgreSQL cannot run as root and neither of the users ${UNPRIVILEGED_USERS.join(', ')} exists; ` +
      'run lenet-lab as a normal user, or set DATABASE_URL.',
  );
}

function lookupUser(name: string): { uid: number; gid: number } | undefined {
  try {
    const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8', stdio: 'pipe' }));
    const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8', stdio: 'pipe' }));
    return Number.isInteger(uid) && Number.isInteger(gid) && uid !== 0 ? { uid, gid } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether `owner` can write `dir` (every parent must let it through): a project under a
 * private home directory (mode 700) is out of reach of `nobody`, and initdb's own error for
 * that is obscure.
 */
export function canWrite(owner: PostgresOwner, dir: string): boolean {
  if (owner.uid === undefined) return true;
  const check = spawnSync('/bin/sh', ['-c', 'test -w "$1" && test -x "$1"', 'sh', dir], {
    uid: owner.uid,
    gid: owner.gid,
    timeout: 10_000,
  });
  return check.status === 0;
}
