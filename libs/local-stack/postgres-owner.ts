import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { LocalStackError } from './local-stack-errors';

/** Who runs initdb and the server; undefined ids mean "this process's own user". */
export interface PostgresOwner {
  uid?: number;
  gid?: number;
  /** For messages, e.g. "postgres" or "nobody". */
  name: string;
}

/** Tried in order when the CLI runs as root, which PostgreSQL refuses to run as. */
const UNPRIVILEGED_USERS = ['postgres', 'nobody'];

/**
 * PostgreSQL's initdb and server refuse to run as root ("cannot be run as root"), so as root
 * the cluster is created and run by an unprivileged account that already exists: `postgres`
 * (present wherever a PostgreSQL package was installed), else `nobody`. No user is ever added
 * to the system. An existing cluster keeps running as the user who owns its data directory,
 * which PostgreSQL requires.
 */
export function choosePostgresOwner(dataDir: string): PostgresOwner {
  const uid = process.getuid?.();
  if (uid !== 0) return { name: 'the current user' };
  if (existsSync(dataDir)) {
    const stats = statSync(dataDir);
    if (stats.uid !== 0) return { uid: stats.uid, gid: stats.gid, name: `uid ${stats.uid}` };
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
