/** @jest-environment ./test/onnx/support/onnxruntime-environment.ts */
import * as tfl from '@tensorflow/tfjs-layers';
import * as ort from 'onnxruntime-node';
import type { RunningApi } from '@lenet-lab/api';
import { resolveConfig } from '@lenet-lab/config';
import type { Env } from '@lenet-lab/env';
import { predictDigits } from '@lenet-lab/inference';
import { loadMnist, normalizePixel, type Dataset } from '@lenet-lab/mnist';
import { initBackend, train, type EpochMetrics } from '@lenet-lab/training';
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

/**
 * A new user's machine without a GPU: the worker finds SwiftShader itself (the test runner's
 * own copy of VK_ADD_DRIVER_FILES is cleared), and only because it is allowed to.
 */
const SOFTWARE_WEBGPU = {
  TRAIN_BACKEND: 'webgpu',
  WEBGPU_ALLOW_SOFTWARE: '1',
  VK_ADD_DRIVER_FILES: '',
  // Short locks, so the killed worker's job is redelivered within seconds.
  JOB_LOCK_MS: '3000',
  STALLED_INTERVAL_MS: '1500',
};
/** 768 images less a 10% validation set: 11 batches of 64 per epoch, ~7 s on SwiftShader. */
const TRAINED = { trainLimit: 768, testLimit: 200, epochs: 3 };
/**
 * webgpu adds in other orders than wasm's kernels, so the same seed gives the same run up to
 * float32 rounding (~1e-7 per operation), which 33 SGD steps grow to ~1e-6 in the loss (seen
 * here): losses are held to 1e-3, and accuracies to two images of the set they count.
 */
const LOSS_TOLERANCE = 1e-3;
const IMAGES_TOLERANCE = 2;
const SAMPLE = [0, 1, 2, 3, 4, 5, 6, 7];

interface ExperimentJson {
  id: string;
  status: string;
  backend: string;
  device: string;
  config: unknown;
  testAccuracy: number;
  bestEpoch: number;
  epochsRun: number;
  metrics: EpochMetrics[];
  [key: string]: unknown;
}

describe('An experiment on the webgpu backend (SwiftShader)', () => {
  let env: Env;
  let api: RunningApi;
  let dataset: Dataset;
  const workers: WorkerProcess[] = [];
  const read = (id: string): Promise<ExperimentJson> =>
    json(fetch(`${api.url}/api/experiments/${id}`));
  const finished = (id: string, worker: WorkerProcess) =>
    waitFor(
      () => read(id),
      (e) => ['completed', 'failed', 'cancelled'].includes(e.status),
      { timeoutMs: 240_000, what: () => `experiment ${id} (worker: ${worker.output()})` },
    );

  beforeAll(async () => {
    env = testEnv();
    api = await startTestApi(env);
    await initBackend({ backend: 'wasm' });
    dataset = await loadMnist({ testLimit: 10 });
  });

  afterAll(async () => {
    await Promise.all(workers.map((worker) => worker.stop('SIGKILL')));
    await api?.close();
    await cleanQueuePrefix(env);
  });

  it('is refused at the worker’s start, naming the problem, when software is not allowed', async () => {
    const worker = spawnWorker(env, { ...SOFTWARE_WEBGPU, WEBGPU_ALLOW_SOFTWARE: '' });
    workers.push(worker);
    const code = await new Promise((resolve) => worker.child.once('exit', resolve));
    expect(code).toBe(1);
    expect(worker.output()).toMatch(
      /backend \\"webgpu\\" is not available: (no Vulkan loader|.*is a software adapter)/,
    );
    expect(worker.output()).toMatch(/WEBGPU_ALLOW_SOFTWARE=1/);
    expect(worker.output()).not.toMatch(/worker ready/);
  });

  let trained: ExperimentJson;
  let resumedFrom: number[];

  it('trains, survives a SIGKILL by resuming from its checkpoint, and records the software adapter', async () => {
    const first = spawnWorker(env, SOFTWARE_WEBGPU);
    workers.push(first);
    const created = await submitExperiment(api.url, { preset: 'batchnorm', config: TRAINED });
    await waitFor(
      () => read(created.id),
      (e) =>
        e.metrics?.length === 1 &&
        e.status === 'running' &&
        (e.progress as { epoch: number })?.epoch === 2,
      { timeoutMs: 180_000, intervalMs: 200, what: () => `epoch 2 to start (${first.output()})` },
    );
    await first.stop('SIGKILL');
    const second = spawnWorker(env, SOFTWARE_WEBGPU);
    workers.push(second);
    trained = await finished(created.id, second);
    expect(trained).toMatchObject({ status: 'completed', error: null, backend: 'webgpu' });
    expect(trained.device).toMatch(
      /^software \(SwiftShader Device \(Subzero\), Vulkan; google swiftshader/,
    );
    expect(trained.metrics.map((m) => m.epoch)).toEqual([1, 2, 3]);
    resumedFrom = second
      .output()
      .split('\n')
      .filter((line) => line.includes('"resuming from checkpoint"'))
      .map((line) => JSON.parse(line).fromEpoch);
    expect(resumedFrom).toEqual([1]);
  });

  it('gives wasm’s numbers for the same seed and config, within float32 rounding', async () => {
    const config = resolveConfig({ preset: 'batchnorm', overrides: TRAINED });
    expect(trained.config).toEqual(config);
    const data = await loadMnist({ trainLimit: config.trainLimit, testLimit: config.testLimit });
    const reference = await train({ config, dataset: data });
    const validationImages = Math.round(config.trainLimit! * config.validationSplit);
    reference.epochs.forEach((expected, i) => {
      const actual = trained.metrics[i];
      for (const loss of ['trainLoss', 'valLoss', 'testLoss'] as const) {
        expect(Math.abs(actual[loss]! - expected[loss]!)).toBeLessThan(LOSS_TOLERANCE);
      }
      expect(
        Math.abs(actual.valAccuracy! - expected.valAccuracy!) * validationImages,
      ).toBeLessThanOrEqual(IMAGES_TOLERANCE);
      expect(
        Math.abs(actual.testAccuracy - expected.testAccuracy) * config.testLimit!,
      ).toBeLessThanOrEqual(IMAGES_TOLERANCE);
    });
    expect(trained.testAccuracy).toBeGreaterThan(0.5);
  });

  it('keeps a model that predicts the same digits on wasm, in ONNX and through the API', async () => {
    const url = `${api.url}/api/experiments/${trained.id}`;
    const images = SAMPLE.map((i) => dataset.test.images.subarray(i * 784, (i + 1) * 784));
    const served = await json(
      fetch(`${url}/predict`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ images: images.map((image) => [...image]) }),
      }),
    );
    const servedDigits = served.predictions.map((p: { digit: number }) => p.digit);

    const artifacts = await (await fetch(`${url}/model`)).text();
    const weights = await (await fetch(`${url}/model.weights.bin`)).arrayBuffer();
    const parsed = JSON.parse(artifacts);
    const model = await tfl.loadLayersModel({
      load: async () => ({
        modelTopology: parsed.modelTopology,
        weightSpecs: parsed.weightsManifest[0].weights,
        weightData: weights,
      }),
    });
    const onWasm = await predictDigits(model, images);
    model.dispose();
    expect(onWasm.map((p) => p.digit)).toEqual(servedDigits);

    const session = await ort.InferenceSession.create(
      new Uint8Array(await (await fetch(`${url}/model.onnx`)).arrayBuffer()),
    );
    const input = new Float32Array(images.length * 784);
    images.forEach((image, n) => image.forEach((v, i) => (input[n * 784 + i] = normalizePixel(v))));
    const output = await session.run({
      image: new ort.Tensor('float32', input, [images.length, 28, 28, 1]),
    });
    const probabilities = output.probabilities.data as Float32Array;
    const onnxDigits = SAMPLE.map((_, n) => {
      const row = Array.from(probabilities.subarray(n * 10, n * 10 + 10));
      return row.indexOf(Math.max(...row));
    });
    await session.release();
    expect(onnxDigits).toEqual(servedDigits);
  });

  it('cancels a running experiment, then stops early and restores the best epoch on the next', async () => {
    const worker = workers.at(-1)!;
    const long = await submitExperiment(api.url, {
      preset: 'baseline',
      config: { trainLimit: 6400, testLimit: 100, epochs: 2 },
    });
    await waitFor(
      () => read(long.id),
      (e) => e.status === 'running' && (e.progress as { phase?: string })?.phase === 'training',
      { timeoutMs: 60_000, intervalMs: 200, what: () => `training to start (${worker.output()})` },
    );
    const cancelled = await json(
      fetch(`${api.url}/api/experiments/${long.id}`, { method: 'DELETE' }),
    );
    expect(cancelled.status).toBe('cancelled');

    // A rate this small leaves validation accuracy flat (without BatchNorm, whose moving
    // statistics would still move it): patience 1 stops after epoch 2 and restores epoch 1.
    const stopping = await submitExperiment(api.url, {
      preset: 'lr-decay-early-stop',
      config: {
        trainLimit: 320,
        testLimit: 100,
        epochs: 4,
        model: { batchNorm: false },
        optimizer: { learningRate: 1e-6, momentum: 0 },
        earlyStopping: { enabled: true, patience: 1, restoreBest: true },
      },
    });
    const stopped = await finished(stopping.id, worker);
    expect(stopped).toMatchObject({
      status: 'completed',
      stoppedEarly: true,
      bestEpoch: 1,
      epochsRun: 2,
    });
    const { items } = await json(fetch(`${api.url}/api/experiments/${stopping.id}/models`));
    expect(items.map((m: { variant: string }) => m.variant).sort()).toEqual(['best', 'final']);
    expect((await read(long.id)).status).toBe('cancelled');
  });
});
