import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'node-html-parser';
import { PNG } from 'pngjs';
import type { RunningApi } from '@lenet-lab/api';
import type { Env } from '@lenet-lab/env';
import {
  DATASET_REGISTRY,
  loadMnist,
  PIXELS_PER_IMAGE,
  readTestImages,
  type Dataset,
} from '@lenet-lab/mnist';
import { cliEnv, runCli } from '../cli/cli-process';
import {
  cleanQueuePrefix,
  json,
  spawnWorker,
  startTestApi,
  testEnv,
  waitFor,
  type WorkerProcess,
} from '../support/services';

const FASHION = DATASET_REGISTRY['fashion-mnist'];
/** The first Fashion-MNIST test images, sent to /predict. */
const SAMPLE = 16;

function testImage(dataset: Dataset, index: number): Uint8Array {
  return dataset.test.images.subarray(index * PIXELS_PER_IMAGE, (index + 1) * PIXELS_PER_IMAGE);
}

function grayPng(pixels: Uint8Array): Buffer {
  const image = new PNG({ width: 28, height: 28 });
  pixels.forEach((value, i) => image.data.set([value, value, value, 255], i * 4));
  return PNG.sync.write(image, { colorType: 0, inputColorType: 6 });
}

describe("A Fashion-MNIST experiment, trained from Debian's dataset-fashion-mnist package", () => {
  let env: Env;
  let api: RunningApi;
  let worker: WorkerProcess;
  let fashion: Dataset;
  let ablationId: string;
  let experimentId: string;

  beforeAll(async () => {
    env = testEnv();
    api = await startTestApi(env);
    // No folder named for Fashion-MNIST, and no network here: the package is the only source.
    worker = spawnWorker(env, { FASHION_MNIST_DIR: '' });
    fashion = await loadMnist({
      dataset: 'fashion-mnist',
      testLimit: SAMPLE,
      sources: ['package'],
    });

    const response = await fetch(`${api.url}/api/ablations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'fashion-mnist e2e',
        presets: ['baseline'],
        seeds: [1],
        overrides: { dataset: 'fashion-mnist', trainLimit: 6000, testLimit: 500, epochs: 2 },
      }),
    });
    expect(response.status).toBe(201);
    const created = await json(response);
    ablationId = created.id;
    experimentId = created.experiments[0].id;
    const finished = await waitFor(
      () => json(fetch(`${api.url}/api/ablations/${ablationId}`)),
      (ablation) => ['completed', 'failed'].includes(ablation.status) && ablation.reportBuiltAt,
      {
        timeoutMs: 240_000,
        intervalMs: 500,
        what: () => `the ablation and its report (worker: ${worker.output().slice(-3000)})`,
      },
    );
    expect(finished.status).toBe('completed');
  }, 300_000);

  afterAll(async () => {
    await worker?.stop();
    await api?.close();
    await cleanQueuePrefix(env);
  });

  it("trains on Fashion-MNIST's files, whose SHA-256s the report records", async () => {
    const experiment = await json(fetch(`${api.url}/api/experiments/${experimentId}`));
    const report = await json(fetch(`${api.url}/api/ablations/${ablationId}/report?format=json`));

    expect(experiment).toMatchObject({ status: 'completed', config: { dataset: 'fashion-mnist' } });
    // 6,000 images (500 held out) and 2 epochs: well above chance (10 %), short of converged.
    expect(experiment.testAccuracy).toBeGreaterThan(0.6);
    expect(report.reproducibility.experiments[0].datasetSha256).toEqual(
      Object.fromEntries(Object.values(FASHION.files).map((file) => [file.name, file.sha256])),
    );
  });

  it("names the clothes in the report's error analysis and gallery", async () => {
    const report = await json(fetch(`${api.url}/api/ablations/${ablationId}/report?format=json`));
    const analysis = report.errorAnalysis[0];
    const html = parse(
      await (await fetch(`${api.url}/api/ablations/${ablationId}/report?format=html`)).text(),
    );

    expect(analysis).toMatchObject({ dataset: 'fashion-mnist', classNames: FASHION.classNames });
    expect(analysis.total).toBe(500);
    const header = html.querySelectorAll('.confusion-matrix thead th').map((th) => th.text);
    expect(header.slice(1, 11)).toEqual(FASHION.classNames);
    const captions = html.querySelectorAll('#gallery figcaption').map((c) => c.text);
    expect(captions.length).toBeGreaterThan(0);
    const names = FASHION.classNames.map((name) => name.replace(/[/]/g, '\\/')).join('|');
    for (const caption of captions) {
      expect(caption).toMatch(new RegExp(`^(${names}) → (${names}) \\(`));
    }
    // Each picture is the Fashion-MNIST test image its caption numbers, not MNIST's.
    const testImages = await readTestImages(['fashion-mnist']);
    for (const figure of html.querySelectorAll('#gallery figure')) {
      const index = Number(figure.getAttribute('data-index'));
      const src = figure.querySelector('img')!.getAttribute('src')!;
      const png = PNG.sync.read(Buffer.from(src.replace(/^data:image\/png;base64,/, ''), 'base64'));
      const gray = Uint8Array.from({ length: PIXELS_PER_IMAGE }, (_, i) => png.data[i * 4]);
      expect(Buffer.from(gray).equals(Buffer.from(testImages(index, 'fashion-mnist')))).toBe(true);
    }
  });

  it('answers /predict with the class names of the dataset the model was trained on', async () => {
    const images = Array.from({ length: SAMPLE }, (_, i) => Array.from(testImage(fashion, i)));
    const response = await fetch(`${api.url}/api/experiments/${experimentId}/predict`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ images }),
    });
    expect(response.status).toBe(200);
    const body = await json(response);

    expect(body.dataset).toBe('fashion-mnist');
    expect(body.predictions).toHaveLength(SAMPLE);
    for (const prediction of body.predictions) {
      expect(prediction.label).toBe(FASHION.classNames[prediction.digit]);
    }
    const correct = body.predictions.filter(
      (p: { digit: number }, i: number) => p.digit === fashion.test.labels[i],
    ).length;
    expect(correct).toBeGreaterThanOrEqual(SAMPLE / 2);
  });

  it("keeps the dataset with the model: model.json's and the ONNX file's metadata name it", async () => {
    const model = await json(fetch(`${api.url}/api/experiments/${experimentId}/model`));
    const onnx = Buffer.from(
      await (await fetch(`${api.url}/api/experiments/${experimentId}/model.onnx`)).arrayBuffer(),
    );

    expect(model.userDefinedMetadata).toMatchObject({
      dataset: 'fashion-mnist',
      classNames: FASHION.classNames,
    });
    // ONNX metadata_props are plain strings inside the protobuf.
    expect(onnx.includes(FASHION.classNames.join(','))).toBe(true);
  });

  it('prints the class names in the CLI’s predict table', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'lenet-fashion-png-'));
    try {
      const file = path.join(dir, 'item.png');
      await writeFile(file, grayPng(testImage(fashion, 0)));

      const result = await runCli(['predict', experimentId, file, '--api-url', api.url], cliEnv());

      expect(result.code).toBe(0);
      const names = FASHION.classNames.map((name) => name.replace(/[/]/g, '\\/')).join('|');
      expect(result.stdout).toMatch(new RegExp(`item\\.png +(${names}) +\\d+\\.\\d\\d%`));
      expect(result.stdout).toContain(`trained on fashion-mnist`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
