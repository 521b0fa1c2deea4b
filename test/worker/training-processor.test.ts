import { randomUUID } from 'node:crypto';
import { UnrecoverableError, WaitingError, type Job } from 'bullmq';
import pino from 'pino';
import {
  CheckpointRepository,
  ExperimentOwner,
  ExperimentRepository,
  type PrismaClient,
} from '@lenet-lab/db';
import type { Dataset } from '@lenet-lab/mnist';
import type { TrainJobData, TrainJobProgress } from '@lenet-lab/queue';
import {
  initialTrainingState,
  InvalidTrainingSetupError,
  type EpochEndContext,
  type EpochMetrics,
  type TrainingCheckpoint,
  type TrainingResult,
  type TrainOptions,
} from '@lenet-lab/training';
import {
  createTrainingProcessor,
  type TrainingProcessorDeps,
} from '@lenet-lab/worker/training-processor';
import { encodeCheckpoint } from '@lenet-lab/worker/checkpoint-codec';
import { createTestPrisma } from '../support/database';

// The processor's steps composed, with a fake trainer and job, on the real database. The worker
// with BullMQ, Redis and real training is covered end to end in test/e2e.

let prisma: PrismaClient;
let experiments: ExperimentRepository;
let checkpoints: CheckpointRepository;
const running = { backend: 'wasm', device: 'cpu' };
const BATCHES = 3;

beforeAll(() => {
  prisma = createTestPrisma();
  experiments = new ExperimentRepository(prisma);
  checkpoints = new CheckpointRepository(prisma);
});

afterAll(() => prisma.$disconnect());

function metrics(epoch: number): EpochMetrics {
  return {
    epoch,
    trainLoss: 1 / epoch,
    trainAccuracy: 0.9,
    valLoss: null,
    valAccuracy: null,
    testLoss: 0.4,
    testAccuracy: (80 + epoch) / 100,
    learningRate: 0.01,
    epochSeconds: 1,
    imagesPerSecond: 1000,
  };
}

function checkpointAfter(epoch: number): TrainingCheckpoint {
  const state = initialTrainingState(1);
  state.epochsCompleted = epoch;
  state.history = Array.from({ length: epoch }, (_, i) => metrics(i + 1));
  return {
    state,
    weights: [{ shape: [1], values: Float32Array.from([epoch]) }],
    optimizerSlots: [],
    iterations: epoch * BATCHES,
    bestWeights: null,
  };
}

interface FakeTrainer {
  train: TrainingProcessorDeps['train'];
  /** Where each run started: the epochs its checkpoint had completed. */
  resumedFrom: (number | undefined)[];
}

/**
 * Trains like the real trainer, without a network: BATCHES batches an epoch, asking shouldStop
 * before each, onEpochEnd awaited after each epoch. `duringEpoch` runs before an epoch's batches.
 */
function fakeTrainer(duringEpoch: (epoch: number) => void = () => {}): FakeTrainer {
  const resumedFrom: (number | undefined)[] = [];
  const train = async (options: TrainOptions): Promise<TrainingResult> => {
    const start = options.resumeFrom?.state.epochsCompleted ?? 0;
    resumedFrom.push(options.resumeFrom?.state.epochsCompleted);
    const epochs = options.resumeFrom?.state.history.slice() ?? [];
    const result = (stopReason: TrainingResult['stopReason']): TrainingResult => ({
      epochs,
      testAccuracy: epochs.at(-1)?.testAccuracy ?? null,
      testLoss: 0.4,
      bestValAccuracy: null,
      bestEpoch: null,
      epochsRun: epochs.length,
      stoppedEarly: false,
      stopReason,
      backend: 'wasm',
      device: 'cpu',
      tfjsVersion: '4.22.0',
      confusionMatrix: null,
      misclassified: [],
      trainingSeconds: epochs.length,
      models:
        stopReason === 'cancelled'
          ? null
          : {
              final: {
                modelTopology: {},
                weightSpecs: [],
                weightData: new ArrayBuffer(4),
              },
              best: null,
            },
    });
    for (let epoch = start + 1; epoch <= options.config.epochs; epoch++) {
      duringEpoch(epoch);
      for (let batch = 1; batch <= BATCHES; batch++) {
        if (options.shouldStop?.()) return result('cancelled');
        options.onBatchEnd?.({ epoch, batch, batches: BATCHES });
      }
      epochs.push(metrics(epoch));
      const context = { checkpoint: async () => checkpointAfter(epoch) };
      await options.onEpochEnd?.(metrics(epoch), context as unknown as EpochEndContext);
    }
    return result('completed');
  };
  return { train, resumedFrom };
}

function fakeJob(experimentId: string, attemptsMade = 0) {
  const progress: TrainJobProgress[] = [];
  const movedToWait: (string | undefined)[] = [];
  const job = {
    id: experimentId,
    data: { experimentId },
    attemptsMade,
    attemptsStarted: attemptsMade + 1,
    opts: { attempts: 3 },
    updateProgress: async (p: TrainJobProgress) => void progress.push(p),
    moveToWait: async (token?: string) => void movedToWait.push(token),
  };
  return { job: job as unknown as Job<TrainJobData>, progress, movedToWait };
}

function fakeCancellations() {
  const cancelled = new Set<string>();
  const forgotten: string[] = [];
  return {
    forgotten,
    isCancelled: (id: string) => cancelled.has(id),
    markCancelled: (id: string) => void cancelled.add(id),
    forget: (id: string) => void forgotten.push(id),
    close: async () => {},
  };
}

function processorWith(
  train: TrainingProcessorDeps['train'],
  overrides: Partial<TrainingProcessorDeps> = {},
) {
  const cancellations = fakeCancellations();
  const processor = createTrainingProcessor({
    experiments,
    claim: (experimentId, details) => ExperimentOwner.claim(prisma, experimentId, details),
    checkpoints,
    measureLatency: async () => [],
    loadDataset: async () => ({ sha256: { train: 'aa' } }) as unknown as Dataset,
    train,
    runtime: { backend: 'wasm', device: 'cpu' },
    cancellations,
    isShuttingDown: () => false,
    logger: pino({ level: 'silent' }),
    codeVersion: 'abc123',
    ...overrides,
  });
  return { processor, cancellations };
}

async function newExperiment(config: object = { epochs: 3 }) {
  const created = await experiments.create({ name: 'processor', config, configHash: 'h', seed: 1 });
  return created.id;
}

const epochsStored = async (experimentId: string) =>
  (await prisma.epochMetric.findMany({ where: { experimentId }, orderBy: { epoch: 'asc' } })).map(
    (row) => [row.epoch, row.attempt],
  );

describe('createTrainingProcessor', () => {
  it('trains an experiment through to completed, storing each epoch and reporting each phase', async () => {
    const id = await newExperiment();
    const { job, progress } = fakeJob(id);
    const { processor, cancellations } = processorWith(fakeTrainer().train);

    await expect(processor(job)).resolves.toEqual({
      outcome: 'completed',
      testAccuracy: 0.83,
      epochsRun: 3,
    });
    expect(await experiments.findById(id)).toMatchObject({
      status: 'completed',
      epochsRun: 3,
      attempts: 1,
      codeVersion: 'abc123',
    });
    expect(await epochsStored(id)).toEqual([
      [1, 1],
      [2, 1],
      [3, 1],
    ]);
    expect(await checkpoints.find(id)).toBeNull();
    expect(await prisma.trainedModel.count({ where: { experimentId: id } })).toBe(1);
    // Throttled: within a second, only the first batch and the phase changes get through.
    expect(progress.map((p) => [p.phase, p.epoch, p.batch])).toEqual([
      ['loading', 0, 0],
      ['training', 1, 1],
      ['evaluating', 2, 0],
      ['evaluating', 3, 0],
      ['evaluating', 4, 0],
      ['done', 3, 1],
    ]);
    expect(progress.at(-1)).toMatchObject({ fraction: 1, testAccuracy: 0.83 });
    expect(cancellations.forgotten).toEqual([id]);
  });

  it('resumes a redelivered job from the last checkpoint, as a new attempt', async () => {
    const id = await newExperiment();
    const first = (await ExperimentOwner.claim(prisma, id, running)).owner;
    await first.recordEpoch(metrics(1));
    await first.recordEpoch(metrics(2));
    const encoded = encodeCheckpoint(checkpointAfter(2));
    await first.saveCheckpoint({
      epoch: encoded.epoch,
      state: JSON.parse(JSON.stringify(encoded.state)),
      tensors: encoded.tensors,
    });
    const trainer = fakeTrainer();
    const { job, progress } = fakeJob(id, 1);

    await expect(processorWith(trainer.train).processor(job)).resolves.toMatchObject({
      outcome: 'completed',
      epochsRun: 3,
    });
    expect(trainer.resumedFrom).toEqual([2]);
    expect(await epochsStored(id)).toEqual([
      [1, 1],
      [2, 1],
      [3, 2],
    ]);
    // The resumed epochs' metrics show until this attempt's first epoch ends.
    expect(progress.find((p) => p.phase === 'training')).toMatchObject({
      epoch: 3,
      trainLoss: 1 / 2,
    });
  });

  it('skips an experiment that has already finished, touching nothing', async () => {
    const id = await newExperiment();
    await experiments.markCancelled(id);
    const trainer = fakeTrainer();
    const { job, progress } = fakeJob(id);
    await expect(processorWith(trainer.train).processor(job)).resolves.toEqual({
      outcome: 'skipped',
    });
    expect(trainer.resumedFrom).toEqual([]);
    expect(progress).toEqual([]);
  });

  it('refuses a job that is not a training job, as unrecoverable', async () => {
    const { job } = fakeJob('not-a-uuid');
    await expect(processorWith(fakeTrainer().train).processor(job)).rejects.toThrow(
      UnrecoverableError,
    );
  });

  it('stops at the next batch once the row says cancelled, though no cancel message came', async () => {
    const id = await newExperiment();
    // The cancel lands in the row just after epoch 1 is stored; the worker hears nothing of it.
    const racingCancel = Object.assign(Object.create(experiments), {
      findStatus: async (experimentId: string) => {
        await experiments.markCancelled(experimentId);
        return experiments.findStatus(experimentId);
      },
    });
    const { processor } = processorWith(fakeTrainer().train, { experiments: racingCancel });
    const { job, progress } = fakeJob(id);
    await expect(processor(job)).resolves.toEqual({ outcome: 'cancelled', epochsRun: 1 });
    expect(progress.filter((p) => p.phase === 'training' && p.epoch === 2)).toEqual([]);
    expect(await experiments.findById(id)).toMatchObject({ status: 'cancelled', epochsRun: 1 });
  });

  it('ends as lost, writing no more epochs, once the job’s lock is lost', async () => {
    const id = await newExperiment();
    let lockLost = false;
    const trainer = fakeTrainer((epoch) => {
      if (epoch === 2) lockLost = true;
    });
    const { processor } = processorWith(trainer.train, { leaseLost: () => lockLost });
    const { job } = fakeJob(id);
    await expect(processor(job)).resolves.toEqual({ outcome: 'lost' });
    expect(await epochsStored(id)).toEqual([[1, 1]]);
    expect(await experiments.findStatus(id)).toBe('running');
  });

  it('ends as lost when another attempt claimed the experiment mid-run', async () => {
    const id = await newExperiment();
    const trainer = fakeTrainer();
    const { processor } = processorWith((options) =>
      trainer.train({
        ...options,
        // Another worker claims the experiment before epoch 2 is stored: the fence refuses it.
        onEpochEnd: async (epochMetrics, context) => {
          if (epochMetrics.epoch === 2) await ExperimentOwner.claim(prisma, id, running);
          await options.onEpochEnd?.(epochMetrics, context);
        },
      }),
    );
    await expect(processor(fakeJob(id).job)).resolves.toEqual({ outcome: 'lost' });
    expect(await epochsStored(id)).toEqual([[1, 1]]);
    expect(await experiments.findById(id)).toMatchObject({ status: 'running', attempts: 2 });
  });

  it('hands the job back to the queue when the worker shuts down mid-run', async () => {
    const id = await newExperiment();
    let shuttingDown = false;
    const trainer = fakeTrainer((epoch) => {
      if (epoch === 2) shuttingDown = true;
    });
    const { processor } = processorWith(trainer.train, { isShuttingDown: () => shuttingDown });
    const { job, movedToWait } = fakeJob(id);
    await expect(processor(job, 'lock-token')).rejects.toThrow(WaitingError);
    expect(movedToWait).toEqual(['lock-token']);
    expect(await experiments.findStatus(id)).toBe('retrying');
    expect(await checkpoints.find(id)).toMatchObject({ epoch: 1 });
  });

  it('marks the experiment retrying on a failure before its last attempt, and throws it', async () => {
    const id = await newExperiment();
    const { processor } = processorWith(async () => {
      throw new Error('out of memory');
    });
    const { job } = fakeJob(id, 0);
    await expect(processor(job)).rejects.toThrow('out of memory');
    expect(await experiments.findById(id)).toMatchObject({
      status: 'retrying',
      error: 'out of memory',
    });
  });

  it('fails a setup that cannot train at once, as unrecoverable', async () => {
    const id = await newExperiment();
    const { processor } = processorWith(async () => {
      throw new InvalidTrainingSetupError('no images left to train on');
    });
    const { job } = fakeJob(id, 0);
    await expect(processor(job)).rejects.toThrow(UnrecoverableError);
    expect(await experiments.findById(id)).toMatchObject({
      status: 'failed',
      error: 'no images left to train on',
    });
  });

  it('fails an experiment whose stored config is invalid without claiming it', async () => {
    const id = await newExperiment({ epochs: -1 });
    const trainer = fakeTrainer();
    await expect(processorWith(trainer.train).processor(fakeJob(id).job)).rejects.toThrow(
      UnrecoverableError,
    );
    expect(await experiments.findById(id)).toMatchObject({ status: 'failed', attempts: 0 });
    expect(trainer.resumedFrom).toEqual([]);
  });

  it('never trains an experiment that does not exist', async () => {
    const { job } = fakeJob(randomUUID());
    await expect(processorWith(fakeTrainer().train).processor(job)).rejects.toThrow(
      /does not exist/,
    );
  });
});
