import pino from 'pino';
import {
  CheckpointRepository,
  ExperimentOwner,
  ExperimentRepository,
  StaleAttemptError,
  type PrismaClient,
} from '@lenet-lab/db';
import type { PredictionLatency } from '@lenet-lab/inference';
import type { LayersModelArtifacts, TrainingResult } from '@lenet-lab/training';
import {
  completeExperiment,
  completionSummary,
  type CompleteExperimentDeps,
} from '@lenet-lab/worker/training-steps/complete-experiment';
import { databaseRetry } from '@lenet-lab/worker/training-steps/database-retry';
import { createTestPrisma } from '../support/database';

let prisma: PrismaClient;
let experiments: ExperimentRepository;
let checkpoints: CheckpointRepository;
const log = pino({ level: 'silent' });
const running = { backend: 'wasm', device: 'cpu' };
const dataset = { sha256: { train: 'aa', test: 'bb' } };
const latency: PredictionLatency[] = [
  { batchSize: 1, msPerBatch: 0.5, msPerImage: 0.5, calls: 40 },
];

beforeAll(() => {
  prisma = createTestPrisma();
  experiments = new ExperimentRepository(prisma);
  checkpoints = new CheckpointRepository(prisma);
});

afterAll(() => prisma.$disconnect());

function artifacts(weight: number): LayersModelArtifacts {
  return {
    modelTopology: { class_name: 'Sequential' },
    weightSpecs: [{ name: 'w', shape: [1], dtype: 'float32' }],
    weightData: Float32Array.from([weight]).buffer,
  };
}

function trainingResult(overrides: Partial<TrainingResult> = {}): TrainingResult {
  const epoch = (n: number, testAccuracy: number) => ({
    epoch: n,
    trainLoss: 0.1,
    trainAccuracy: 0.95,
    valLoss: 0.2,
    valAccuracy: 0.9,
    testLoss: 0.2,
    testAccuracy,
    learningRate: 0.01,
    epochSeconds: 1,
    imagesPerSecond: 1000,
  });
  return {
    epochs: [epoch(1, 0.9), epoch(2, 0.92), epoch(3, 0.91)],
    testAccuracy: 0.92,
    testLoss: 0.2,
    bestValAccuracy: 0.93,
    bestEpoch: 2,
    epochsRun: 3,
    stoppedEarly: true,
    stopReason: 'early-stopped',
    backend: 'wasm',
    device: 'cpu',
    tfjsVersion: '4.22.0',
    confusionMatrix: [
      [5, 1],
      [0, 6],
    ],
    misclassified: [{ index: 3, label: 1, predicted: 0, confidence: 0.7 }],
    trainingSeconds: 3,
    models: { final: artifacts(1), best: artifacts(2) },
    ...overrides,
  };
}

async function claimedExperiment() {
  const { id } = await experiments.create({ name: 'done', config: {}, configHash: 'h', seed: 1 });
  const { owner } = await ExperimentOwner.claim(prisma, id, running);
  return owner;
}

function deps(owner: CompleteExperimentDeps['owner']): CompleteExperimentDeps {
  return {
    owner,
    measureLatency: async () => latency,
    runtime: { backend: 'wasm', tfjsVersion: '4.22.0' },
    codeVersion: 'abc123',
    db: databaseRetry(log),
    log,
  };
}

describe('completionSummary', () => {
  it('keeps the run’s outcome, the data it trained on and the code that trained it', () => {
    expect(completionSummary(trainingResult(), dataset, 'abc123')).toEqual({
      testAccuracy: 0.92,
      bestValAccuracy: 0.93,
      bestEpoch: 2,
      epochsRun: 3,
      stoppedEarly: true,
      datasetSha256: dataset.sha256,
      codeVersion: 'abc123',
      result: {
        confusionMatrix: [
          [5, 1],
          [0, 6],
        ],
        misclassified: [{ index: 3, label: 1, predicted: 0, confidence: 0.7 }],
      },
    });
  });
});

describe('completeExperiment', () => {
  it('keeps the trained models, marks the experiment completed and drops its checkpoint', async () => {
    const owner = await claimedExperiment();
    await owner.saveCheckpoint({ epoch: 3, state: {}, tensors: new Uint8Array([1]) });

    await expect(completeExperiment(trainingResult(), dataset, deps(owner))).resolves.toEqual({
      outcome: 'completed',
      testAccuracy: 0.92,
      epochsRun: 3,
    });

    const row = await experiments.findById(owner.experimentId);
    expect(row).toMatchObject({
      status: 'completed',
      testAccuracy: 0.92,
      bestEpoch: 2,
      epochsRun: 3,
      stoppedEarly: true,
      datasetSha256: dataset.sha256,
      codeVersion: 'abc123',
      error: null,
    });
    expect(row?.finishedAt).toBeInstanceOf(Date);
    expect(await checkpoints.find(owner.experimentId)).toBeNull();
    const models = await prisma.trainedModel.findMany({
      where: { experimentId: owner.experimentId },
      orderBy: { variant: 'asc' },
    });
    expect(models.map((m) => [m.variant, m.epoch, m.testAccuracy, m.latency])).toEqual([
      ['best', 2, 0.92, latency],
      ['final', 3, 0.91, latency],
    ]);
  });

  it('writes the models before completing: a refused completion leaves them, ready to rewrite', async () => {
    const owner = await claimedExperiment();
    const refusing = {
      saveModel: owner.saveModel.bind(owner),
      complete: async () => {
        throw new Error('the completion was refused');
      },
    };
    await expect(completeExperiment(trainingResult(), dataset, deps(refusing))).rejects.toThrow(
      'the completion was refused',
    );
    expect(await prisma.trainedModel.count({ where: { experimentId: owner.experimentId } })).toBe(
      2,
    );
    expect(await experiments.findStatus(owner.experimentId)).toBe('running');
  });

  it('is refused, keeping no model and not completing, for an attempt another one replaced', async () => {
    const stale = await claimedExperiment();
    await ExperimentOwner.claim(prisma, stale.experimentId, running);
    await expect(completeExperiment(trainingResult(), dataset, deps(stale))).rejects.toThrow(
      StaleAttemptError,
    );
    expect(await prisma.trainedModel.count({ where: { experimentId: stale.experimentId } })).toBe(
      0,
    );
    expect(await experiments.findStatus(stale.experimentId)).toBe('running');
  });

  it('completes without models when the trainer kept none', async () => {
    const owner = await claimedExperiment();
    await completeExperiment(trainingResult({ models: null }), dataset, deps(owner));
    expect(await experiments.findStatus(owner.experimentId)).toBe('completed');
    expect(await prisma.trainedModel.count({ where: { experimentId: owner.experimentId } })).toBe(
      0,
    );
  });
});
