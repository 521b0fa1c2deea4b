/** @jest-environment ./test/onnx/support/onnxruntime-environment.ts */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { Queue } from 'bullmq';
import fc from 'fast-check';
import * as ort from 'onnxruntime-node';
import { PNG } from 'pngjs';
import type { RunningApi } from '@lenet-lab/api';
import type { Env } from '@lenet-lab/env';
import { predictDigits } from '@lenet-lab/inference';
import { loadMnist, normalizePixel, type Dataset } from '@lenet-lab/mnist';
import { TRAINING_QUEUE, type TrainJobProgress } from '@lenet-lab/queue';
import { initBackend } from '@lenet-lab/training';
import {
  cleanQueuePrefix,
  json,
  spawnWorker,
  startTestApi,
  submitExperiment,
  testEnv,
  waitFor,
  type WorkerProcess,
} from '../support/services';

/** Real MNIST test digits sent to /predict: the first few of the official test set. */
const SAMPLE = [0, 1, 2, 3, 4, 5, 6, 7];

function digit(dataset: Dataset, index: number): Uint8Array {
  return dataset.test.images.subarray(index * 784, (index + 1) * 784);
}

/** A digit as a PNG: 8-bit grayscale, or RGBA with the gray in every channel. */
function png(pixels: Uint8Array, colorType: 0 | 6 = 0, size = 28): Uint8Array<ArrayBuffer> {
  const image = new PNG({ width: size, height: size });
  for (let i = 0; i < size * size; i++) {
    const value = i < pixels.length ? pixels[i] : 0;
    image.data.set([value, value, value, 255], i * 4);
  }
  return new Uint8Array(PNG.sync.write(image, { colorType, inputColorType: 6 }));
}

/**
 * fetch whose JSON is parsed in the test's own realm. Jest runs tests in a vm context, and
 * tfjs-layers checks `instanceof Array` when it reads a topology: arrays parsed by Node's fetch
 * come from the outer realm and fail that check. Plain Node (a user's program) needs none of this.
 */
async function sameRealmFetch(input: string | URL | Request, init?: RequestInit) {
  const response = await fetch(input, init);
  const body = await response.arrayBuffer();
  return {
    ok: response.ok,
    status: response.status,
    json: async () => JSON.parse(new TextDecoder().decode(body)),
    arrayBuffer: async () => body,
  } as unknown as Response;
}

async function errorMessage(response: Response): Promise<string> {
  return (await json(response)).error.message;
}

describe('Trained models: kept, downloaded, served for prediction', () => {
  let env: Env;
  let api: RunningApi;
  let worker: WorkerProcess;
  let dataset: Dataset;
  let baseline: { id: string; testAccuracy: number };
  let earlyStopped: { id: string; bestEpoch: number; epochsRun: number };

  const url = (path: string) => `${api.url}/api/experiments/${path}`;
  const predictJson = (id: string, images: unknown, query = '') =>
    fetch(url(`${id}/predict${query}`), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ images }),
    });

  beforeAll(async () => {
    env = testEnv();
    api = await startTestApi(env);
    worker = spawnWorker(env);
    await initBackend({ backend: 'wasm' });
    dataset = await loadMnist({ testLimit: 10, sources: ['package'] });
    const finished = (id: string) =>
      waitFor(
        () => json(fetch(url(id))),
        (experiment) => ['completed', 'failed'].includes(experiment.status),
        { timeoutMs: 240_000, what: () => `experiment ${id} (worker output: ${worker.output()})` },
      );
    // Enough training for a model above 95%: 12,000 images, 3 epochs (~97% on wasm, seed 1).
    const a = await submitExperiment(api.url, {
      preset: 'baseline',
      config: { trainLimit: 12_000, testLimit: 2_000, epochs: 3 },
    });
    // A rate this small barely moves the weights: validation accuracy soon stops rising, early
    // stopping ends the run and restores an earlier epoch's weights.
    const b = await submitExperiment(api.url, {
      preset: 'lr-decay-early-stop',
      config: {
        trainLimit: 1_200,
        testLimit: 500,
        epochs: 6,
        optimizer: { learningRate: 1e-6, momentum: 0 },
        earlyStopping: { enabled: true, patience: 1, restoreBest: true },
      },
    });
    baseline = await finished(a.id);
    earlyStopped = await finished(b.id);
    // Above the two waits' own limits, so a timeout reports the worker's output, not Jest's.
  }, 600_000);

  afterAll(async () => {
    await worker?.stop();
    await api?.close();
    await cleanQueuePrefix(env);
  });

  it('keeps the final model of a completed experiment, with its prediction latency', async () => {
    expect(baseline).toMatchObject({ status: 'completed', error: null });
    expect(baseline.testAccuracy).toBeGreaterThan(0.95);
    expect((baseline as unknown as { links: object }).links).toEqual({
      models: `/api/experiments/${baseline.id}/models`,
      model: `/api/experiments/${baseline.id}/model`,
      onnx: `/api/experiments/${baseline.id}/model.onnx`,
      predict: `/api/experiments/${baseline.id}/predict`,
    });
    const { items } = await json(fetch(url(`${baseline.id}/models`)));
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      variant: 'final',
      epoch: 3,
      testAccuracy: baseline.testAccuracy,
      backend: 'wasm',
      links: {
        tfjs: `/api/experiments/${baseline.id}/model?variant=final`,
        onnx: `/api/experiments/${baseline.id}/model.onnx?variant=final`,
      },
    });
    expect(items[0].latency.map((l: { batchSize: number }) => l.batchSize)).toEqual([1, 256]);
    for (const l of items[0].latency) expect(l.msPerImage).toBeGreaterThan(0);
  });

  it("records in the job's progress when the first training batch finished", async () => {
    const queue = new Queue(TRAINING_QUEUE, {
      connection: { url: env.REDIS_URL },
      prefix: env.QUEUE_PREFIX,
    });
    try {
      const job = await queue.getJob(baseline.id);
      const experiment = await json(fetch(url(baseline.id)));
      const firstBatchAt = Date.parse((job!.progress as TrainJobProgress).firstBatchAt!);
      expect(firstBatchAt).toBeGreaterThan(Date.parse(experiment.startedAt));
      expect(firstBatchAt).toBeLessThan(Date.parse(experiment.finishedAt));
    } finally {
      await queue.close();
    }
  });

  it('keeps both the final and the restored best model when early stopping restored one', async () => {
    expect(earlyStopped).toMatchObject({ status: 'completed', stoppedEarly: true });
    expect(earlyStopped.bestEpoch).toBeLessThan(earlyStopped.epochsRun);
    const { items } = await json(fetch(url(`${earlyStopped.id}/models`)));
    expect(items.map((m: { variant: string; epoch: number }) => [m.variant, m.epoch])).toEqual([
      ['best', earlyStopped.bestEpoch],
      ['final', earlyStopped.epochsRun],
    ]);
    // Without a variant, the model the experiment reports: the restored one.
    const reported = await json(fetch(url(`${earlyStopped.id}/model`)));
    expect(reported.userDefinedMetadata).toMatchObject({ variant: 'best' });
    const final = await json(fetch(url(`${earlyStopped.id}/model?variant=final`)));
    expect(final.userDefinedMetadata).toMatchObject({ variant: 'final' });
    // BatchNorm's moving statistics travel with the weights.
    const names = final.weightsManifest[0].weights.map((w: { name: string }) => w.name);
    expect(names).toEqual(expect.arrayContaining(['bn1/moving_mean', 'bn2/moving_variance']));
  });

  it('downloads in TensorFlow.js format: tf.loadLayersModel reloads it and predicts as the API does', async () => {
    const model = await tfl.loadLayersModel(url(`${baseline.id}/model`), {
      fetchFunc: sameRealmFetch,
    });
    try {
      const images = SAMPLE.map((i) => digit(dataset, i));
      const local = await predictDigits(model, images);
      const served = await json(
        predictJson(
          baseline.id,
          images.map((image) => [...image]),
        ),
      );
      expect(served.variant).toBe('final');
      expect(served.predictions.map((p: { digit: number }) => p.digit)).toEqual(
        local.map((p) => p.digit),
      );
      served.predictions.forEach((p: { probabilities: number[] }, n: number) =>
        p.probabilities.forEach((value, k) =>
          expect(value).toBeCloseTo(local[n].probabilities[k], 6),
        ),
      );
    } finally {
      model.dispose();
    }
    expect(tf.getBackend()).toBe('wasm');
  });

  it("exports ONNX over HTTP that onnxruntime runs to the API's predictions", async () => {
    const response = await fetch(url(`${baseline.id}/model.onnx`));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toMatch(/lenet5-.*\.onnx/);
    const session = await ort.InferenceSession.create(new Uint8Array(await response.arrayBuffer()));
    const images = SAMPLE.map((i) => digit(dataset, i));
    const input = new Float32Array(images.length * 784);
    images.forEach((image, n) => image.forEach((v, i) => (input[n * 784 + i] = normalizePixel(v))));
    const output = await session.run({
      image: new ort.Tensor('float32', input, [images.length, 28, 28, 1]),
    });
    const served = await json(
      predictJson(
        baseline.id,
        images.map((image) => [...image]),
      ),
    );
    const probabilities = output.probabilities.data as Float32Array;
    served.predictions.forEach((p: { probabilities: number[] }, n: number) =>
      p.probabilities.forEach((value, k) =>
        expect(probabilities[n * 10 + k]).toBeCloseTo(value, 5),
      ),
    );
    await session.release();
  });

  it('predicts the labels of real test digits sent as JSON, as one PNG and as a PNG upload', async () => {
    const labels = SAMPLE.map((i) => dataset.test.labels[i]);
    const images = SAMPLE.map((i) => digit(dataset, i));

    const fromJson = await predictJson(
      baseline.id,
      images.map((image) => [...image]),
    );
    expect(fromJson.status).toBe(200);
    const body = await json(fromJson);
    expect(body.predictions.map((p: { digit: number }) => p.digit)).toEqual(labels);
    for (const p of body.predictions) {
      expect(p.probabilities).toHaveLength(10);
      expect(p.probabilities.reduce((a: number, b: number) => a + b)).toBeCloseTo(1, 5);
      expect(Math.max(...p.probabilities)).toBe(p.probabilities[p.digit]);
    }

    for (const [n, i] of SAMPLE.entries()) {
      const one = await json(
        fetch(url(`${baseline.id}/predict`), {
          method: 'POST',
          headers: { 'content-type': 'image/png' },
          body: png(digit(dataset, i), n % 2 ? 6 : 0),
        }),
      );
      expect(one.predictions).toHaveLength(1);
      expect(one.predictions[0].digit).toBe(labels[n]);
    }

    const form = new FormData();
    for (const i of SAMPLE) form.append('images', new Blob([png(digit(dataset, i))]), `${i}.png`);
    const uploaded = await json(
      fetch(url(`${baseline.id}/predict`), { method: 'POST', body: form }),
    );
    expect(uploaded.predictions.map((p: { digit: number }) => p.digit)).toEqual(labels);
  });

  it.each([
    ['a digit of 783 values', () => [new Array(783).fill(0)], /image 0 has 783 values/],
    ['a pixel above 255', () => [new Array(784).fill(300)], /image 0 pixel 0 is 300/],
    ['a pixel that is a string', () => [['7', ...new Array(783).fill(0)]], /pixel 0 is "7"/],
    ['a pixel that is null', () => [[null, ...new Array(783).fill(0)]], /pixel 0 is null/],
    ['no images', () => [], /images/],
    ['an image that is not an array', () => ['abc'], /images\.0/],
    ['too many images', () => new Array(1025).fill(new Array(784).fill(0)), /images/],
  ])('refuses %s as JSON with a 400 naming the problem', async (_what, images, message) => {
    const response = await predictJson(baseline.id, images());
    expect(response.status).toBe(400);
    expect(await errorMessage(response)).toMatch(message);
  });

  it.each([
    ['a 32×32 PNG', () => png(new Uint8Array(32 * 32), 0, 32), 400, /32×32 pixels/],
    [
      'a file that is not a PNG',
      () => new TextEncoder().encode('GIF89a not a png'),
      400,
      /not a PNG file/,
    ],
    ['a truncated PNG', () => png(new Uint8Array(784)).subarray(0, 60), 400, /not a readable PNG/],
    ['an empty body', () => new Uint8Array(0), 400, /empty/],
  ])('refuses %s sent as image/png', async (_what, body, status, message) => {
    const response = await fetch(url(`${baseline.id}/predict`), {
      method: 'POST',
      headers: { 'content-type': 'image/png' },
      body: body(),
    });
    expect(response.status).toBe(status);
    expect(await errorMessage(response)).toMatch(message);
  });

  it('refuses uploads in the wrong form field, other content types and unknown variants', async () => {
    const form = new FormData();
    form.append('picture', new Blob([png(digit(dataset, 0))]), '0.png');
    const wrongField = await fetch(url(`${baseline.id}/predict`), { method: 'POST', body: form });
    expect(wrongField.status).toBe(400);
    expect(await errorMessage(wrongField)).toMatch(/form field "images"/);

    const text = await fetch(url(`${baseline.id}/predict`), {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'seven',
    });
    expect(text.status).toBe(415);

    const variant = await predictJson(baseline.id, [new Array(784).fill(0)], '?variant=worst');
    expect(variant.status).toBe(400);
    expect(await errorMessage(variant)).toMatch(/query\.variant/);
  });

  it('answers any malformed JSON body or corrupted PNG with a 4xx, never a 5xx', async () => {
    const digitPng = png(digit(dataset, 0));
    await fc.assert(
      fc.asyncProperty(fc.anything(), async (images) => {
        const response = await predictJson(baseline.id, images);
        expect(response.status).toBeGreaterThanOrEqual(400);
        expect(response.status).toBeLessThan(500);
      }),
      { numRuns: 100 },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.nat(digitPng.length - 1),
        fc.integer({ min: 0, max: 255 }),
        async (offset, value) => {
          const corrupted = digitPng.slice();
          corrupted[offset] = value;
          const response = await fetch(url(`${baseline.id}/predict`), {
            method: 'POST',
            headers: { 'content-type': 'image/png' },
            body: corrupted,
          });
          // A byte in the pixel data may leave a valid PNG (200); anything else is a 400.
          expect([200, 400]).toContain(response.status);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('answers 404 for a best model that was never restored or an unknown experiment, 409 for an unfinished one', async () => {
    const best = await fetch(url(`${baseline.id}/model?variant=best`));
    expect(best.status).toBe(404);
    expect(await errorMessage(best)).toMatch(/use variant=final/);

    const unknown = await fetch(url('00000000-0000-4000-8000-000000000000/model'));
    expect(unknown.status).toBe(404);

    // Long enough that it cannot finish before the request below; cancelled afterwards.
    const queued = await submitExperiment(api.url, {
      preset: 'baseline',
      config: { trainLimit: 20_000, testLimit: 100, epochs: 50 },
    });
    const unfinished = await predictJson(queued.id, [new Array(784).fill(0)]);
    await fetch(url(queued.id), { method: 'DELETE' });
    // It may already be running on the worker; either way it has no model yet.
    expect(unfinished.status).toBe(409);
    expect(await errorMessage(unfinished)).toMatch(/kept when it completes/);
  });
});
