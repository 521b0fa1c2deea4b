import type {
  ReportEpochMetric,
  ReportExperiment,
  ReportInput,
  ReportMisclassified,
  ReportModel,
} from '@lenet-lab/report';

export const PRESETS = ['baseline', 'augmentation', 'batchnorm', 'lr-decay-early-stop'];
export const SEEDS = [1, 2, 3];
export const TEST_IMAGES_PER_CLASS = 100;

/** `count` epochs whose loss falls and accuracy rises with the epoch; `final` sets the last test accuracy. */
export function epochMetrics(
  count: number,
  final = 0.98,
  override: (epoch: number) => Partial<ReportEpochMetric> = () => ({}),
): ReportEpochMetric[] {
  return Array.from({ length: count }, (_, i) => {
    const epoch = i + 1;
    const testAccuracy = final - 0.01 * (count - epoch);
    return {
      epoch,
      trainLoss: 0.5 / epoch,
      trainAccuracy: testAccuracy + 0.005,
      valLoss: 0.4 / epoch,
      valAccuracy: testAccuracy + 0.001,
      testLoss: 0.45 / epoch,
      testAccuracy,
      learningRate: 0.01,
      epochSeconds: 10,
      imagesPerSecond: 5500,
      ...override(epoch),
    };
  });
}

/**
 * A 10×10 confusion matrix with TEST_IMAGES_PER_CLASS images per class, all correct except
 * the listed [true, predicted, count] mistakes.
 */
export function confusionMatrixWith(mistakes: [number, number, number][]): number[][] {
  const matrix = Array.from({ length: 10 }, (_, label) =>
    Array.from({ length: 10 }, (_, predicted) => (label === predicted ? TEST_IMAGES_PER_CLASS : 0)),
  );
  for (const [label, predicted, count] of mistakes) {
    matrix[label][predicted] += count;
    matrix[label][label] -= count;
  }
  return matrix;
}

export function misclassified(...items: [number, number, number, number][]): ReportMisclassified[] {
  return items.map(([index, label, predicted, confidence]) => ({
    index,
    label,
    predicted,
    confidence,
  }));
}

/** Milliseconds per image the fixtures' models take at batch 1 and at batch 256. */
export const FIXTURE_MS_PER_IMAGE = { 1: 0.5, 256: 0.02 };

/** A kept model timed at batch sizes 1 and 256 on the cpu backend. */
export function keptModel(overrides: Partial<ReportModel> = {}): ReportModel {
  return {
    variant: 'final',
    epoch: 5,
    testAccuracy: 0.98,
    latency: [
      { batchSize: 1, msPerBatch: FIXTURE_MS_PER_IMAGE[1], msPerImage: FIXTURE_MS_PER_IMAGE[1] },
      {
        batchSize: 256,
        msPerBatch: FIXTURE_MS_PER_IMAGE[256] * 256,
        msPerImage: FIXTURE_MS_PER_IMAGE[256],
      },
    ],
    backend: 'cpu',
    ...overrides,
  };
}

export function experiment(
  preset: string,
  seed: number,
  overrides: Partial<ReportExperiment> = {},
): ReportExperiment {
  const testAccuracy = overrides.testAccuracy ?? 0.98;
  const metrics = overrides.metrics ?? epochMetrics(5, testAccuracy);
  return {
    id: `exp-${preset}-${seed}`,
    name: `${preset} seed ${seed}`,
    preset,
    seed,
    status: 'completed',
    error: null,
    config: { seed },
    configHash: `hash-${preset}-${seed}`,
    backend: 'cpu',
    device: 'test-cpu',
    codeVersion: 'abc1234',
    datasetSha256: {
      't10k-images-idx3-ubyte': 'aa'.repeat(32),
      't10k-labels-idx1-ubyte': 'bb'.repeat(32),
    },
    testAccuracy,
    bestValAccuracy: testAccuracy + 0.001,
    bestEpoch: metrics.length,
    epochsRun: metrics.length,
    stoppedEarly: false,
    metrics,
    result: {
      confusionMatrix: confusionMatrixWith([
        [4, 9, 3],
        [7, 2, 2],
        [9, 4, 1],
      ]),
      misclassified: misclassified([10, 4, 9, 0.97], [20, 7, 2, 0.9], [30, 9, 4, 0.6]),
    },
    models: [keptModel({ epoch: metrics.length, testAccuracy })],
    ...overrides,
  };
}

/** An ablation over `presets` × `seeds` whose experiments are `experiments` (default: all completed). */
export function reportInput(
  experiments?: ReportExperiment[],
  presets = PRESETS,
  seeds = SEEDS,
): ReportInput {
  return {
    ablation: {
      id: 'abl-1',
      name: 'LeNet-5 ablation',
      presets,
      seeds,
      createdAt: new Date('2026-01-02T03:04:05Z'),
    },
    experiments:
      experiments ?? presets.flatMap((preset) => seeds.map((seed) => experiment(preset, seed))),
    environment: {
      packageVersions: { '@tensorflow/tfjs-core': '4.22.0', vega: '5.33.1' },
      generatedAt: '2026-01-03T00:00:00.000Z',
    },
  };
}

/** A deterministic 784-byte "digit" for test image `index`. */
export function fakeTestImage(index: number): Uint8Array {
  return Uint8Array.from({ length: 784 }, (_, i) => (i * 7 + index * 13) % 256);
}
