import * as tf from '@tensorflow/tfjs-core';
import pino from 'pino';
import type { PredictionLatency } from '@lenet-lab/inference';
import { loadMnist } from '@lenet-lab/mnist';
import { initBackend } from '@lenet-lab/training';
import { architectureOf } from '@lenet-lab/worker/latency-per-architecture';
import {
  createWorkerLatencyMeter,
  measureLeNetArchitectures,
} from '@lenet-lab/worker/worker-latency';
import { warmUpTraining } from '@lenet-lab/worker/worker-warm-up';

/** A logger whose JSON lines land in `lines`. */
function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  return { logger, lines };
}

beforeAll(() => initBackend({ backend: 'wasm' }));

describe('warmUpTraining', () => {
  it('trains both architectures on a few MNIST batches and logs how long it took', async () => {
    const { logger, lines } = capturingLogger();
    const asked: unknown[] = [];
    const tensorsBefore = tf.memory().numTensors;
    const trained = await warmUpTraining((limits) => {
      asked.push(limits);
      return loadMnist(limits);
    }, logger);
    expect(asked).toEqual([expect.objectContaining({ trainLimit: 640, testLimit: 256 })]);
    const done = lines.find((line) => line.msg === 'training warmed up');
    expect(done).toMatchObject({ presets: ['baseline', 'batchnorm'], seconds: expect.any(Number) });
    // One network per architecture, for the latency measurement, as artifacts only: no
    // tensor of what it trained is left behind.
    expect(trained.map(architectureOf)).toEqual([
      expect.not.stringContaining('BatchNormalization'),
      expect.stringContaining('Conv2D > BatchNormalization > ReLU'),
    ]);
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    expect(lines.some((line) => line.level === 40)).toBe(false);

    // The worker then times prediction on those networks: one measurement per architecture,
    // each at batch 1 and 256, and nothing left on the backend afterwards.
    await measureLeNetArchitectures(createWorkerLatencyMeter(), trained, logger);
    const measured = lines.filter((line) => line.msg === 'prediction latency measured');
    expect(measured.map((line) => line.architecture)).toEqual(trained.map(architectureOf));
    for (const { latency } of measured as { latency: PredictionLatency[] }[]) {
      expect(latency.map((l) => l.batchSize)).toEqual([1, 256]);
      for (const l of latency) expect(l.msPerImage).toBeGreaterThan(0);
    }
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    expect(lines.some((line) => line.level === 40)).toBe(false);
  });

  it('logs a warning and lets the worker start when the dataset cannot be read', async () => {
    const { logger, lines } = capturingLogger();
    await expect(
      warmUpTraining(() => Promise.reject(new Error('no MNIST here')), logger),
    ).resolves.toEqual([]);
    expect(lines).toEqual([
      expect.objectContaining({ level: 40, msg: 'could not warm up training at start-up' }),
    ]);
    expect(JSON.stringify(lines[0])).toContain('no MNIST here');
  });
});
