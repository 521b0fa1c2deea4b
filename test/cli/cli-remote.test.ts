import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import type { RunningApi } from '@lenet-lab/api';
import type { Env } from '@lenet-lab/env';
import { testDatabaseUrl } from '../support/database';
import {
  cleanQueuePrefix,
  spawnWorker,
  startTestApi,
  testEnv,
  type WorkerProcess,
} from '../support/services';
import { cliEnv, runCli } from './cli-process';

const TINY = { trainLimit: 300, testLimit: 200, epochs: 1 };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('lenet-lab against a running API', () => {
  let env: Env;
  let api: RunningApi;
  let worker: WorkerProcess;
  let cli: NodeJS.ProcessEnv;
  let outDir: string;
  const run = (...args: string[]) => runCli(args, cli);

  beforeAll(async () => {
    env = testEnv();
    api = await startTestApi(env);
    worker = spawnWorker(env);
    cli = cliEnv({ LENET_LAB_API_URL: api.url });
    outDir = mkdtempSync(path.join(os.tmpdir(), 'lenet-lab-cli-'));
  });

  afterAll(async () => {
    await worker?.stop();
    await api?.close();
    await cleanQueuePrefix(env);
    rmSync(outDir, { recursive: true, force: true });
  });

  it('submits an experiment, watches it train to the end and shows its status', async () => {
    const submitted = await run('submit', '--preset', 'baseline', '--config', JSON.stringify(TINY));
    expect(submitted.stderr).toBe('');
    const id = submitted.stdout.trim();
    expect(id).toMatch(UUID);

    const watched = await run('watch', id);
    expect({ code: watched.code, stderr: watched.stderr }).toEqual({ code: 0, stderr: '' });
    expect(watched.stdout).toMatch(/: completed · test \d+\.\d\d%/);

    const status = await run('status', id);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain(`Experiment ${id}`);
    expect(status.stdout).toMatch(/status: +completed/);
    expect(status.stdout).toMatch(/test accuracy: +\d+\.\d\d%/);
    expect(status.stdout).toMatch(/^epoch +train loss/m);

    const list = await run('list', '--status', 'completed');
    expect(list.stdout).toContain(id);
  });

  it("prints the server's message and exits 1 for an unknown preset", async () => {
    const result = await run('submit', '--preset', 'nope');
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('error: unknown preset "nope"; known presets: baseline');
    expect(result.stderr).toContain('(HTTP 400 UNKNOWN_PRESET)');
  });

  it('lists each invalid field of a config the API rejects', async () => {
    const result = await run('submit', '--config', '{"epochs": 0}');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/HTTP 400/);
    expect(result.stderr).toMatch(/ {2}- .*epochs/);
  });

  it('exits 1 for an id that is neither an experiment nor an ablation', async () => {
    const result = await run('status', '00000000-0000-4000-8000-000000000000');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('no experiment or ablation has the id');
  });

  it('runs a small ablation and fetches its report from the API and from the database', async () => {
    const submitted = await run(
      'submit-ablation',
      '--preset',
      'baseline,batchnorm',
      '--seeds',
      '1',
      '--epochs',
      '1',
      '--train-limit',
      '300',
      '--test-limit',
      '200',
    );
    const id = submitted.stdout.trim();
    expect(id).toMatch(UUID);

    const watched = await run('watch', id);
    expect(watched.code).toBe(0);
    expect(watched.stdout).toMatch(/status: +completed/);

    const status = await run('status', id);
    expect(status.stdout).toMatch(/cells: +2\/2 finished/);
    expect(status.stdout).toMatch(/batchnorm seed 1 .* completed · test \d/);

    const csvFile = path.join(outDir, 'report.csv');
    const csv = await run('report', id, '--out', csvFile);
    expect(csv.stdout.trim()).toBe(`wrote ${csvFile}`);
    expect(parseCsv(readFileSync(csvFile, 'utf8'), { columns: true })).toHaveLength(2);

    const markdown = await run('report', id, '--format', 'md');
    expect(markdown.stdout).toContain('| Baseline |');

    const local = await runCli(
      ['report-local', id, '--format', 'md', '--out', outDir],
      cliEnv({ DATABASE_URL: testDatabaseUrl() }),
    );
    expect(local.code).toBe(0);
    expect(local.stdout.trim()).toBe(path.join(outDir, 'report.md'));
    expect(readFileSync(path.join(outDir, 'report.md'), 'utf8')).toContain('| + BatchNorm |');
  });

  it('cancels an experiment', async () => {
    const config = JSON.stringify({ ...TINY, epochs: 50, trainLimit: 20000 });
    const id = (await run('submit', '--config', config)).stdout.trim();
    const cancelled = await run('cancel', id);
    expect(cancelled.stdout.trim()).toBe(`cancelled experiment ${id}`);
    expect((await run('status', id)).stdout).toMatch(/status: +cancelled/);
    expect((await run('watch', id)).code).toBe(1);
  });

  it('says so when no API answers', async () => {
    const result = await runCli(['list'], cliEnv({ LENET_LAB_API_URL: 'http://127.0.0.1:9' }));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('cannot reach the lenet-lab API at http://127.0.0.1:9');
  });
});
