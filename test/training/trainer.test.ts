import * as tf from '@tensorflow/tfjs-core';
import { resolveConfig, type ExperimentConfigInput } from '@lenet-lab/config';
import { loadMnist, type Dataset } from '@lenet-lab/mnist';
import { predictDigits } from '@lenet-lab/inference';
import {
  loadModelFromArtifacts,
  train,
  type EpochMetrics,
  type TrainingCheckpoint,
  type TrainingResult,
} from '@lenet-lab/training';

/** Real MNIST, loaded once: the first 2,000 training and 1,000 test images. */
let dataset: Dataset;

beforeAll(async () => {
  dataset = await loadMnist({ trainLimit: 2000, testLimit: 1000, sources: ['package'] });
});

function config(overrides: ExperimentConfigInput) {
  return resolveConfig({ overrides: { epochs: 2, ...overrides } });
}

/** A small run: 550 training + 50 validation images, 200 test images. */
const SMALL: ExperimentConfigInput = { trainLimit: 600, testLimit: 200, validationSplit: 1 / 12 };

/** The metrics that must repeat exactly (timings cannot). */
function learned(epochs: EpochMetrics[]) {
  return epochs.map(({ epochSeconds: _s, imagesPerSecond: _i, ...rest }) => rest);
}

describe('train on wasm', () => {
  let result: TrainingResult;
  const epochs: EpochMetrics[] = [];
  const tensorsAtEpochEnd: number[] = [];
  let tensorsBefore = 0;
  let timerTicks = 0;

  beforeAll(async () => {
    const timer = setInterval(() => timerTicks++, 5);
    await tf.ready().catch(() => undefined);
    tensorsBefore = tf.memory().numTensors;
    try {
      result = await train({
        config: config({ trainLimit: 2000, testLimit: 1000, batchSize: 16 }),
        dataset,
        backend: 'wasm',
        onEpochEnd: async (metrics) => {
          epochs.push(metrics);
          tensorsAtEpochEnd.push(tf.memory().numTensors);
        },
      });
    } finally {
      clearInterval(timer);
    }
  });

  it('learns: the loss falls and the test accuracy passes 0.8 after two epochs of 1,833 images (batches of 16)', () => {
    expect(result.stopReason).toBe('completed');
    expect(result.epochsRun).toBe(2);
    expect(epochs[1].trainLoss).toBeLessThan(epochs[0].trainLoss);
    expect(epochs[1].valLoss!).toBeLessThan(epochs[0].valLoss!);
    expect(result.testAccuracy!).toBeGreaterThan(0.8);
    expect(result.testAccuracy).toBe(epochs[1].testAccuracy);
  });

  it('reports every metric of every epoch', () => {
    expect(result.epochs).toEqual(epochs);
    for (const [i, m] of epochs.entries()) {
      expect(m.epoch).toBe(i + 1);
      expect(m.learningRate).toBe(0.01);
      for (const value of [m.trainAccuracy, m.valAccuracy!, m.testAccuracy]) {
        expect(value).toBeGreaterThanOrEqual(0);
        expect(value).toBeLessThanOrEqual(1);
      }
      expect(m.imagesPerSecond).toBeCloseTo(1833 / m.epochSeconds, 6);
    }
    expect(result.trainingSeconds).toBeCloseTo(epochs[0].epochSeconds + epochs[1].epochSeconds, 6);
    expect(result.backend).toBe('wasm');
    expect(result.device).toMatch(/wasm/);
  });

  it('tracks the best validation epoch', () => {
    const best = Math.max(...epochs.map((m) => m.valAccuracy!));
    expect(result.bestValAccuracy).toBe(best);
    expect(epochs[result.bestEpoch! - 1].valAccuracy).toBe(best);
  });

  it('returns a confusion matrix and mistakes that agree with the test accuracy', () => {
    const matrix = result.confusionMatrix!;
    const total = matrix.flat().reduce((a, b) => a + b);
    const diagonal = matrix.reduce((sum, row, i) => sum + row[i], 0);
    expect(total).toBe(1000);
    expect(diagonal / total).toBeCloseTo(result.testAccuracy!, 10);
    matrix.forEach((row, label) =>
      expect(row.reduce((a, b) => a + b)).toBe(
        dataset.test.labels.filter((l) => l === label).length,
      ),
    );
    expect(result.misclassified).toHaveLength(Math.min(100, total - diagonal));
    for (const m of result.misclassified) {
      expect(dataset.test.labels[m.index]).toBe(m.label);
      expect(m.predicted).not.toBe(m.label);
    }
  });

  it('leaves the final model as TensorFlow.js artifacts that reload with the reported accuracy', async () => {
    expect(result.models!.best).toBeNull();
    const model = await loadModelFromArtifacts(result.models!.final);
    try {
      const images = Array.from({ length: dataset.test.count }, (_, i) =>
        dataset.test.images.subarray(i * 784, (i + 1) * 784),
      );
      const predictions = await predictDigits(model, images);
      const correct = predictions.filter((p, i) => p.digit === dataset.test.labels[i]).length;
      expect(correct / dataset.test.count).toBe(result.testAccuracy);
    } finally {
      model.dispose();
    }
  });

  it('leaks no tensors: the count is flat across epochs and back to the start afterwards', () => {
    expect(tensorsAtEpochEnd[1]).toBe(tensorsAtEpochEnd[0]);
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  });

  it('lets the event loop run while training (BullMQ lock renewal)', () => {
    // Two epochs take seconds; a blocked loop would let only a handful of 5 ms ticks through.
    expect(timerTicks).toBeGreaterThan(50);
  });
});

describe('train determinism and control', () => {
  it('gives identical metrics for the same seed on the same backend, other ones for another seed', async () => {
    const run = (seed: number) =>
      train({ config: config({ ...SMALL, seed, augmentation: { enabled: true } }), dataset });
    const [a, b, c] = [await run(1), await run(1), await run(2)];
    expect(learned(a.epochs)).toEqual(learned(b.epochs));
    expect(a.confusionMatrix).toEqual(b.confusionMatrix);
    expect(learned(c.epochs)).not.toEqual(learned(a.epochs));
  });

  it('resumes from an epoch checkpoint exactly where an unbroken run would be', async () => {
    const runConfig = config({
      ...SMALL,
      model: { batchNorm: true },
      augmentation: { enabled: true },
      earlyStopping: { restoreBest: true },
    });
    let checkpoint: TrainingCheckpoint | undefined;
    const unbroken = await train({
      config: runConfig,
      dataset,
      onEpochEnd: async (metrics, context) => {
        if (metrics.epoch === 1) checkpoint = await context.checkpoint();
      },
    });
    const resumed = await train({ config: runConfig, dataset, resumeFrom: checkpoint });
    expect(checkpoint!.state.epochsCompleted).toBe(1);
    expect(resumed.epochs).toHaveLength(2);
    expect(learned(resumed.epochs)).toEqual(learned(unbroken.epochs));
    expect(resumed.testAccuracy).toBe(unbroken.testAccuracy);
    expect(resumed.confusionMatrix).toEqual(unbroken.confusionMatrix);
  });

  it('stops with "cancelled" at the batch boundary where shouldStop turns true', async () => {
    const progress: number[] = [];
    const result = await train({
      config: config(SMALL),
      dataset,
      onBatchEnd: (p) => progress.push(p.batch),
      batchProgressInterval: 1,
      shouldStop: () => progress.length >= 3,
    });
    expect(result.stopReason).toBe('cancelled');
    expect(progress).toEqual([1, 2, 3]);
    expect(result.epochs).toEqual([]);
    expect(result.testAccuracy).toBeNull();
    expect(result.models).toBeNull();
  });

  it('reports batch progress after the first batch, every N batches and after the last one, with the loss', async () => {
    const progress: { epoch: number; batch: number; batches: number; loss?: number }[] = [];
    await train({
      config: config({ ...SMALL, epochs: 1 }),
      dataset,
      onBatchEnd: (p) => progress.push(p),
      batchProgressInterval: 4,
    });
    // 550 images in batches of 64: 9 batches, the last one of 38.
    expect(progress.map((p) => p.batch)).toEqual([1, 4, 8, 9]);
    expect(progress.every((p) => p.batches === 9 && p.epoch === 1 && p.loss! > 0)).toBe(true);
  });

  it('stops early on validation accuracy and can evaluate the best weights', async () => {
    const result = await train({
      config: config({
        ...SMALL,
        epochs: 6,
        // A rate this small barely moves the weights: validation accuracy soon stops rising.
        optimizer: { learningRate: 1e-6, momentum: 0 },
        earlyStopping: { enabled: true, patience: 1, restoreBest: true },
      }),
      dataset,
    });
    expect(result.stopReason).toBe('early-stopped');
    expect(result.stoppedEarly).toBe(true);
    expect(result.epochsRun).toBeLessThan(6);
    expect(result.bestEpoch).toBeLessThan(result.epochsRun);
    expect(result.testAccuracy).toBe(result.epochs[result.bestEpoch! - 1].testAccuracy);
    // Both networks are kept: the last epoch's and the restored best one, which differ.
    const { final, best } = result.models!;
    expect(best).not.toBeNull();
    expect(Buffer.from(best!.weightData).equals(Buffer.from(final.weightData))).toBe(false);
  });

  it('refuses early stopping without a validation set', async () => {
    // The schema refuses this config at submission; the trainer refuses it too, for a config
    // that reached a worker some other way (a row stored before the rule existed).
    const valid = config({ ...SMALL, earlyStopping: { enabled: true } });
    const run = train({ config: { ...valid, validationSplit: 0 }, dataset });
    await expect(run).rejects.toThrow(/validation/);
  });
});
