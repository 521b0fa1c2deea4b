import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isAlive, isPortOpen } from '@lenet-lab/local-stack';
import { cliEnv, runCli, startCli, waitForOutput, type CliResult } from './cli-process';

const TINY = ['--seeds', '1', '--epochs', '1', '--train-limit', '300', '--test-limit', '200'];

/** The pids and ports a run printed for its PostgreSQL, Redis, API and workers. */
function startedByRun(output: string) {
  const pids = [...output.matchAll(/, pid ([\d, ]+)/g)].flatMap((m) =>
    m[1].split(', ').map(Number),
  );
  const ports = [...output.matchAll(/127\.0\.0\.1:(\d+)/g)].map((m) => Number(m[1]));
  return { pids, ports: [...new Set(ports)] };
}

async function expectNothingLeft(result: CliResult, dataDir: string) {
  const { pids, ports } = startedByRun(result.stdout);
  // postgres, redis-server and the workers
  expect(pids.length).toBeGreaterThanOrEqual(3);
  expect(pids.filter(isAlive)).toEqual([]);
  expect(ports.length).toBeGreaterThanOrEqual(3);
  for (const port of ports) expect(await isPortOpen(port)).toBe(false);
  expect(existsSync(path.join(dataDir, 'run.lock'))).toBe(false);
}

describe('lenet-lab ablation, with nothing set up', () => {
  let dataDir: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(() => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'lenet-lab-run-'));
    // As root, the embedded cluster belongs to an unprivileged user who must get through.
    chmodSync(dataDir, 0o755);
    env = cliEnv({ LENET_LAB_DATA_DIR: dataDir });
  });

  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('starts its own services, trains, writes the report and leaves nothing running', async () => {
    const result = await runCli(
      ['ablation', '--preset', 'baseline', ...TINY, '--workers', '1', '--port', '0'],
      env,
      120_000,
    );
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
    expect(result.stdout).toContain('created a PostgreSQL');
    expect(result.stdout).toMatch(/started redis-server on 127\.0\.0\.1:\d+/);
    expect(result.stdout).toMatch(/^Baseline +1\/1 +\d+\.\d\d/m);
    expect(result.stdout).toContain('Prediction latency of the trained models');
    expect(result.stdout).toMatch(/^Baseline +\d[\d.]* +\d[\d.]* +wasm$/m);
    // No API_KEYS in the environment: the run makes one and says it, so the API is never open.
    expect(result.stdout).toMatch(/API key for this run \(.*\): [A-Za-z0-9_-]{32}$/m);
    const id = /Ablation (\S+) completed in/.exec(result.stdout)?.[1];
    for (const format of ['md', 'csv', 'json', 'html']) {
      expect(existsSync(path.join(dataDir, 'reports', id!, `report.${format}`))).toBe(true);
    }
    expect(result.stdout).toContain(
      `HTML report: ${path.join(dataDir, 'reports', id!, 'report.html')}`,
    );
    await expectNothingLeft(result, dataDir);
    // Above the CLI's own 120 s limit, so a hang is reported by the run, not by Jest.
  }, 180_000);

  it('reuses the database and stops everything on Ctrl-C (SIGINT), exiting 130', async () => {
    const running = startCli(
      [
        'ablation',
        '--preset',
        'baseline',
        '--seeds',
        '1',
        '--epochs',
        '20',
        '--workers',
        '1',
        '--port',
        '0',
      ],
      env,
    );
    await waitForOutput(running, /baseline seed 1: /);
    running.child.kill('SIGINT');
    const result = await running.exited;
    expect(result.code).toBe(130);
    expect(result.stdout).toContain('started the existing PostgreSQL');
    expect(result.stdout).toMatch(/cancelling ablation \S+/);
    expect(result.stdout).toContain('everything stopped');
    await expectNothingLeft(result, dataDir);
  });
});
