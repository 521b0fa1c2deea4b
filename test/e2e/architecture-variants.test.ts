/** @jest-environment ./test/onnx/support/onnxruntime-environment.ts */
import * as tfl from '@tensorflow/tfjs-layers';
import * as ort from 'onnxruntime-node';
import type { RunningApi } from '@lenet-lab/api';
import type { ExperimentConfigInput } from '@lenet-lab/config';
import type { Env } from '@lenet-lab/env';
import { predictDigits } from '@lenet-lab/inference';
import { loadMnist, normalizePixel, type Dataset } from '@lenet-lab/mnist';
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

/** Real MNIST test digits: every one the experiments were tested on. */
const TEST_IMAGES = 200;
const TINY = { trainLimit: 300, testLimit: TEST_IMAGES, epochs: 1, batchSize: 16 };

/** Each new option at least once, on a real worker, through to /predict and ONNX. */
const ARCHITECTURES: [string, ExperimentConfigInput, RegExp][] = [
  [
    'tanh, average pooling, dropout, Adam and weight decay',
    {
      model: { activation: 'tanh', pooling: 'avg', dropout: 0.2 },
      optimizer: { type: 'adam', learningRate: 0.002, weightDecay: 1e-4 },
    },
    /^Conv2D > Activation > AveragePooling2D > .* > Dropout > Dense /,
  ],
  [
    'a lighter LeNet-5 (4, 8, 60, 42)',
    { model: { width: { conv1: 4, conv2: 8, fc1: 60, fc2: 42 } } },
    /\(widths 4, 8, 60, 42, 10\)$/,
  ],
  [
    'a wider LeNet-5 (12, 32, 240, 168) with BatchNorm',
    { model: { batchNorm: true, width: { conv1: 12, conv2: 32, fc1: 240, fc2: 168 } } },
    /BatchNormalization.*\(widths 12, 32, 240, 168, 10\)$/,
  ],
];

/** fetch whose JSON is parsed in the test's realm, for tfjs-layers (see trained-models.test). */
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

describe('Experiments of each new LeNet-5 architecture on a real worker', () => {
  let env: Env;
  let api: RunningApi;
  let worker: WorkerProcess;
  let dataset: Dataset;
  const experiments = new Map<string, { id: string; status: string; testAccuracy: number }>();

  const url = (path: string) => `${api.url}/api/experiments/${path}`;
  const digits = () =>
    Array.from({ length: TEST_IMAGES }, (_, n) => [
      ...dataset.test.images.subarray(n * 784, (n + 1) * 784),
    ]);

  beforeAll(async () => {
    env = testEnv();
    api = await startTestApi(env);
    worker = spawnWorker(env);
    await initBackend({ backend: 'wasm' });
    dataset = await loadMnist({ testLimit: TEST_IMAGES, sources: ['package'] });
    const submitted = await Promise.all(
      ARCHITECTURES.map(([, config]) =>
        submitExperiment(api.url, { preset: 'baseline', config: { ...TINY, ...config } }),
      ),
    );
    for (const [n, { id }] of submitted.entries()) {
      experiments.set(
        ARCHITECTURES[n][0],
        await waitFor(
          () => json(fetch(url(id))),
          (experiment) => ['completed', 'failed'].includes(experiment.status),
          {
            timeoutMs: 240_000,
            what: () => `experiment ${id} (worker output: ${worker.output()})`,
          },
        ),
      );
    }
  }, 600_000);

  afterAll(async () => {
    await worker?.stop();
    await api?.close();
    await cleanQueuePrefix(env);
  });

  describe.each(ARCHITECTURES)('%s', (name, config, architecture) => {
    const experiment = () => experiments.get(name)!;

    it('completes, better than chance, with the options in its config', async () => {
      expect(experiment()).toMatchObject({ status: 'completed', error: null, backend: 'wasm' });
      // One epoch of 275 images: the point is the plumbing, so above chance (1 in 10) is enough.
      expect(experiment().testAccuracy).toBeGreaterThan(0.1);
      expect((await json(fetch(url(experiment().id)))).config).toMatchObject(config);
    });

    it('keeps its final model, with the prediction latency of its own architecture', async () => {
      const { items } = await json(fetch(url(`${experiment().id}/models`)));
      expect(items.map((m: { variant: string }) => m.variant)).toEqual(['final']);
      expect(items[0].latency.map((l: { batchSize: number }) => l.batchSize)).toEqual([1, 256]);
      const model = await tfl.loadLayersModel(url(`${experiment().id}/model`), {
        fetchFunc: sameRealmFetch,
      });
      try {
        const layers = model.layers.map((layer) => layer.getClassName()).join(' > ');
        const widths = model.layers
          .map((layer) => layer.getConfig().filters ?? layer.getConfig().units)
          .filter((width) => width !== undefined);
        expect(`${layers} (widths ${widths.join(', ')})`).toMatch(architecture);
        // /predict answers with the downloaded network's predictions.
        const local = await predictDigits(model, digits().slice(0, 16));
        const served = await json(
          fetch(url(`${experiment().id}/predict`), {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ images: digits().slice(0, 16) }),
          }),
        );
        expect(served.predictions.map((p: { digit: number }) => p.digit)).toEqual(
          local.map((p) => p.digit),
        );
      } finally {
        model.dispose();
      }
    });

    it('exports ONNX that onnxruntime runs to /predict’s answers on every test image', async () => {
      const response = await fetch(url(`${experiment().id}/model.onnx`));
      expect(response.status).toBe(200);
      const session = await ort.InferenceSession.create(
        new Uint8Array(await response.arrayBuffer()),
      );
      const images = digits();
      const input = Float32Array.from(images.flat(), normalizePixel);
      const output = await session.run({
        image: new ort.Tensor('float32', input, [TEST_IMAGES, 28, 28, 1]),
      });
      await session.release();
      const served = await json(
        fetch(url(`${experiment().id}/predict`), {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ images }),
        }),
      );
      expect(served.predictions).toHaveLength(TEST_IMAGES);
      const probabilities = output.probabilities.data as Float32Array;
      let largest = 0;
      served.predictions.forEach((p: { probabilities: number[] }, n: number) =>
        p.probabilities.forEach(
          (value, k) => (largest = Math.max(largest, Math.abs(probabilities[n * 10 + k] - value))),
        ),
      );
      expect(largest).toBeLessThan(1e-5);
      const onnxDigits = Array.from({ length: TEST_IMAGES }, (_, n) => {
        const row = Array.from(probabilities.subarray(n * 10, n * 10 + 10));
        return row.indexOf(Math.max(...row));
      });
      expect(served.predictions.map((p: { digit: number }) => p.digit)).toEqual(onnxDigits);
    });
  });
});
