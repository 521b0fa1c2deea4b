import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  ManagedProcess,
  ServiceStartError,
  startWithPortRetry,
  type PortRetryOptions,
} from '@lenet-lab/local-stack';

/** A child that prints `output` to its log, then exits with code 1 or stays up. */
function fakeServer(logFile: string, output: string, exits: boolean): Promise<ManagedProcess> {
  const script = `console.error(${JSON.stringify(output)});${exits ? 'process.exit(1);' : 'setInterval(() => {}, 1000);'}`;
  return ManagedProcess.start({
    name: 'fake',
    command: process.execPath,
    args: ['-e', script],
    logFile,
  });
}

describe('startWithPortRetry', () => {
  let dir: string;
  const started: ManagedProcess[] = [];

  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'lenet-lab-port-retry-'));
  });

  afterEach(async () => {
    await Promise.all(started.splice(0).map((server) => server.stop({ timeoutMs: 2_000 })));
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function options(overrides: Partial<PortRetryOptions>): PortRetryOptions {
    return {
      service: 'fake-server',
      spawn: (port) => fakeServer(path.join(dir, `${port}.log`), 'listening', false),
      onSpawn: (server) => started.push(server),
      isReady: async () => true,
      readiness: 'fake-server to answer',
      timeoutMs: 5_000,
      portInUse: /address already in use/i,
      ...overrides,
    };
  }

  it('starts again on another free port when the first could not be bound', async () => {
    const ports: number[] = [];

    const { server, port } = await startWithPortRetry(
      options({
        spawn: (port) => {
          ports.push(port);
          const output = ports.length === 1 ? 'bind: address already in use' : 'listening';
          return fakeServer(path.join(dir, `${port}.log`), output, ports.length === 1);
        },
        isReady: async (port) => port === ports[1],
      }),
    );

    expect(ports).toHaveLength(2);
    expect(ports[1]).not.toBe(ports[0]);
    expect(port).toBe(ports[1]);
    expect(server.hasExited).toBe(false);
    expect(started[0].hasExited).toBe(true);
  });

  it.each([
    ['gives up after three attempts on ports that were taken', 'bind: address already in use', 3],
    ['does not retry a server that failed for another reason', 'bad configuration', 1],
  ])('%s, with the log of the server that failed', async (_, output, attempts) => {
    const spawned: number[] = [];

    const failure = startWithPortRetry(
      options({
        spawn: (port) => {
          spawned.push(port);
          return fakeServer(path.join(dir, `${port}.log`), output, true);
        },
        isReady: async () => false,
      }),
    );

    await expect(failure).rejects.toThrow(ServiceStartError);
    await expect(failure).rejects.toThrow(
      new RegExp(`fake-server did not start: it exited with code 1[\\s\\S]*${output}`),
    );
    expect(spawned).toHaveLength(attempts);
  });

  it('stops a server that never answers and names what it waited for', async () => {
    const failure = startWithPortRetry(
      options({ port: 6553, isReady: async () => false, timeoutMs: 300 }),
    );

    await expect(failure).rejects.toThrow(
      /fake-server did not start: .*fake-server to answer on port 6553/,
    );
    expect(started).toHaveLength(1);
    expect(started[0].hasExited).toBe(true);
  });
});
