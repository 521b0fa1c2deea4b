import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { PNG } from 'pngjs';
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
  let completedId: string;
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

  it('lists the presets with what each sets over the defaults, or as JSON with whole configs', async () => {
    const table = await run('presets');
    expect({ code: table.code, stderr: table.stderr }).toEqual({ code: 0, stderr: '' });
    const blocks = table.stdout.trim().split('\n\n');
    expect(blocks.map((block) => block.split('\n')[0])).toEqual([
      'baseline',
      'augmentation',
      'batchnorm',
      'lr-decay-early-stop',
    ]);
    expect(blocks[0]).toContain('sets: nothing: the defaults');
    expect(blocks[2]).toContain('sets: augmentation.enabled=true, model.batchNorm=true');
    expect(blocks[3]).toContain('lrSchedule.type="step", lrSchedule.stepSize=5');

    const asJson = await run('presets', '--json');
    const presets = JSON.parse(asJson.stdout);
    expect(presets[3]).toMatchObject({
      name: 'lr-decay-early-stop',
      resolved: { lrSchedule: { type: 'step' }, earlyStopping: { enabled: true } },
    });
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

    // The kept model, its latency and where to fetch it.
    expect(status.stdout).toMatch(/^final +1 +\d+\.\d\d% +\d+\.\d+ ms +\d+\.\d+ ms +wasm/m);
    expect(status.stdout).toContain(`${api.url}/api/experiments/${id}/model.onnx?variant=final`);

    const list = await run('list', '--status', 'completed');
    expect(list.stdout).toContain(id);
    completedId = id;
  });

  it('downloads the model in TensorFlow.js and ONNX form, and classifies PNG digits with it', async () => {
    const tfjsDir = path.join(outDir, 'model');
    const tfjs = await run('model', completedId, '--out', tfjsDir);
    expect(tfjs.code).toBe(0);
    const modelJson = JSON.parse(readFileSync(path.join(tfjsDir, 'model.json'), 'utf8'));
    expect(modelJson.weightsManifest[0].paths).toEqual(['model.weights.bin']);
    const weightBytes = modelJson.weightsManifest[0].weights.reduce(
      (sum: number, w: { shape: number[] }) => sum + 4 * w.shape.reduce((a, b) => a * b, 1),
      0,
    );
    expect(readFileSync(path.join(tfjsDir, 'model.weights.bin')).length).toBe(weightBytes);

    const onnxFile = path.join(outDir, 'model.onnx');
    expect((await run('model', completedId, '--onnx', '--out', onnxFile)).code).toBe(0);
    // An ONNX file is a protobuf ModelProto; its producer name is in the clear.
    expect(readFileSync(onnxFile).includes('lenet-lab')).toBe(true);

    const blank = path.join(outDir, 'blank.png');
    const image = new PNG({ width: 28, height: 28 });
    image.data.fill(0);
    for (let i = 3; i < image.data.length; i += 4) image.data[i] = 255;
    writeFileSync(blank, PNG.sync.write(image));
    const predicted = await run('predict', completedId, blank, blank);
    expect(predicted.code).toBe(0);
    expect(predicted.stdout.match(/blank\.png +\d +\d+\.\d\d%/g)).toHaveLength(2);

    const wrongSize = path.join(outDir, 'big.png');
    writeFileSync(wrongSize, PNG.sync.write(new PNG({ width: 32, height: 32 })));
    const refused = await run('predict', completedId, wrongSize);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/image 0 is 32×32 pixels; a digit must be 28×28/);
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
