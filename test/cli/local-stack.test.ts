import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import {
  EmbeddedPostgres,
  findExecutable,
  isAlive,
  isPortOpen,
  LocalRedis,
  LocalStack,
  LocalStackBusyError,
  LocalStackStoppedError,
  ownerMarker,
  RedisNotInstalledError,
  RunLock,
} from '@lenet-lab/local-stack';

async function query(url: string, sql: string) {
  const client = new Client({ connectionString: url.replace(/\/lenet_lab$/, '/postgres') });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('Embedded PostgreSQL', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'lenet-lab-pg-'));
    // As root the cluster belongs to an unprivileged user, who must get through mkdtemp's 0700.
    chmodSync(dir, 0o755);
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('creates a cluster on first start and reuses its data on the next', async () => {
    const options = { dataDir: path.join(dir, 'postgres'), logFile: path.join(dir, 'pg.log') };
    const first = await EmbeddedPostgres.start(options);
    try {
      expect(first.reused).toBe(false);
      expect(first.url).toMatch(/^postgresql:\/\/postgres:[^@]+@127\.0\.0\.1:\d+\/lenet_lab$/);
      await query(first.url, 'CREATE TABLE kept (value text); INSERT INTO kept VALUES ($$hello$$)');
    } finally {
      await first.stop();
    }
    expect(isAlive(first.pid)).toBe(false);
    expect(await isPortOpen(first.port)).toBe(false);

    const second = await EmbeddedPostgres.start(options);
    try {
      expect(second.reused).toBe(true);
      expect(await query(second.url, 'SELECT value FROM kept')).toEqual([{ value: 'hello' }]);
    } finally {
      await second.stop();
    }
    expect(await isPortOpen(second.port)).toBe(false);
  });
});

describe('Local Redis', () => {
  it('starts a private redis-server that needs its password, and stops it', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lenet-lab-redis-'));
    const redis = await LocalRedis.start({ dir, logFile: path.join(dir, 'redis.log') });
    try {
      expect(redis.url).toMatch(/^redis:\/\/:[0-9a-f]+@127\.0\.0\.1:\d+$/);
      expect(await isPortOpen(redis.port)).toBe(true);
    } finally {
      await redis.stop();
      rmSync(dir, { recursive: true, force: true });
    }
    expect(isAlive(redis.pid)).toBe(false);
  });

  it('names the install commands when redis-server is not on the PATH', () => {
    expect(findExecutable('redis-server', '/nonexistent')).toBeUndefined();
    const message = new RedisNotInstalledError().message;
    expect(message).toContain('sudo apt-get install redis-server');
    expect(message).toContain('brew install redis');
  });
});

describe('LocalStack', () => {
  it('uses DATABASE_URL and REDIS_URL as they are, starting nothing', async () => {
    const stack = new LocalStack({
      dataDir: '/nonexistent/never-created',
      env: { DATABASE_URL: 'postgresql://db.example/x', REDIS_URL: 'redis://cache.example' },
    });
    expect(await stack.start()).toEqual({
      databaseUrl: 'postgresql://db.example/x',
      redisUrl: 'redis://cache.example',
      startedPostgres: false,
      startedRedis: false,
    });
    await stack.stop();
  });

  it('refuses a malformed URL by its variable before starting or locking anything', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'lenet-lab-stack-'));
    try {
      const stack = new LocalStack({ dataDir, env: { REDIS_URL: 'http://cache.example' } });
      await expect(stack.start()).rejects.toThrow(
        /REDIS_URL must be a URL starting with redis:\/\/ or rediss:\/\//,
      );
      expect(existsSync(path.join(dataDir, 'run.lock'))).toBe(false);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('releases the run lock when stopped while it was taking it', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'lenet-lab-stack-'));
    try {
      // No DATABASE_URL: start() takes the data folder's lock before starting PostgreSQL.
      const stack = new LocalStack({ dataDir, env: { REDIS_URL: 'redis://cache.example' } });
      const starting = stack.start();
      await stack.stop();
      await expect(starting).rejects.toThrow(LocalStackStoppedError);
      expect(existsSync(path.join(dataDir, 'run.lock'))).toBe(false);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('RunLock', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'lenet-lab-lock-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function sleeper() {
    const child = spawn('sleep', ['30'], { detached: true, stdio: 'ignore' });
    return child;
  }

  it('refuses a data folder whose run is still alive', async () => {
    const owner = sleeper();
    try {
      const lock = { pid: owner.pid, ownerMarker: 'sleep', startedAt: '', processes: [] };
      writeFileSync(path.join(dir, 'run.lock'), JSON.stringify(lock));
      await expect(RunLock.acquire(dir, () => undefined)).rejects.toThrow(LocalStackBusyError);
    } finally {
      owner.kill('SIGKILL');
    }
  });

  it('takes a live node process with the owner pid for the owner, whatever its script path', async () => {
    const owner = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], {
      stdio: 'ignore',
    });
    try {
      const lock = { pid: owner.pid, ownerMarker: 'bin/lenet-lab', startedAt: '', processes: [] };
      writeFileSync(path.join(dir, 'run.lock'), JSON.stringify(lock));
      await expect(RunLock.acquire(dir, () => undefined)).rejects.toThrow(
        `another lenet-lab run (pid ${owner.pid})`,
      );
    } finally {
      owner.kill('SIGKILL');
    }
  });

  it('marks the owner by the end of its script path', () => {
    expect(ownerMarker('/work/main/bin/lenet-lab')).toBe('bin/lenet-lab');
    expect(ownerMarker('/repo/apps/cli/main.ts')).toBe('cli/main.ts');
  });

  it('stops what a dead run left running, then takes the lock', async () => {
    const leftover = sleeper();
    const exited = new Promise((resolve) => leftover.once('exit', resolve));
    const lines: string[] = [];
    const lock = {
      pid: 2 ** 22 + 1, // above Linux's pid_max default: no such process
      ownerMarker: 'lenet-lab',
      startedAt: '',
      processes: [{ name: 'worker-1', pid: leftover.pid, commandMarker: 'sleep' }],
    };
    writeFileSync(path.join(dir, 'run.lock'), JSON.stringify(lock));
    const taken = await RunLock.acquire(dir, (line) => lines.push(line));
    await exited;
    expect(lines).toEqual([
      `stopping worker-1 (pid ${leftover.pid}) left running by an earlier run`,
    ]);
    taken.release();
  });
});
