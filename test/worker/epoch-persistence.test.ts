import pino from 'pino';
import {
  CheckpointRepository,
  ExperimentNotRunningError,
  ExperimentOwner,
  ExperimentRepository,
  StaleAttemptError,
  type PrismaClient,
} from '@lenet-lab/db';
import {
  initialTrainingState,
  type EpochMetrics,
  type TrainingCheckpoint,
} from '@lenet-lab/training';
import { catchUpOnCancellation } from '@lenet-lab/worker/training-steps/cancellation-catch-up';
import { databaseRetry } from '@lenet-lab/worker/training-steps/database-retry';
import { LeaseLostError } from '@lenet-lab/worker/training-steps/lost-ownership';
import { persistEpoch } from '@lenet-lab/worker/training-steps/persist-epoch';
import { findResumePoint } from '@lenet-lab/worker/training-steps/resume-point';
import { createTestPrisma } from '../support/database';

let prisma: PrismaClient;
let experiments: ExperimentRepository;
let checkpoints: CheckpointRepository;
const log = pino({ level: 'silent' });
const db = databaseRetry(log);
const running = { backend: 'wasm', device: 'cpu' };

beforeAll(() => {
  prisma = createTestPrisma();
  experiments = new ExperimentRepository(prisma);
  checkpoints = new CheckpointRepository(prisma);
});

afterAll(() => prisma.$disconnect());

function metrics(epoch: number, trainLoss = 1 / epoch): EpochMetrics {
  return {
    epoch,
    trainLoss,
    trainAccuracy: 0.9,
    valLoss: null,
    valAccuracy: null,
    testLoss: 0.4,
    testAccuracy: 0.88,
    learningRate: 0.01,
    epochSeconds: 2,
    imagesPerSecond: 500,
  };
}

/** The checkpoint the trainer would take at the end of `epoch`. */
function checkpointAfter(epoch: number): TrainingCheckpoint {
  const state = initialTrainingState(7);
  state.epochsCompleted = epoch;
  state.history.push(metrics(epoch));
  return {
    state,
    weights: [{ shape: [2], values: Float32Array.from([epoch, -epoch]) }],
    optimizerSlots: [{ shape: [2], values: Float32Array.from([0.5, 0.25]) }],
    iterations: epoch * 10,
    bestWeights: null,
  };
}

async function claimedExperiment() {
  const { id } = await experiments.create({ name: 'epochs', config: {}, configHash: 'h', seed: 1 });
  const { owner } = await ExperimentOwner.claim(prisma, id, running);
  return owner;
}

const rowsOf = (experimentId: string) =>
  prisma.epochMetric.findMany({ where: { experimentId }, orderBy: { epoch: 'asc' } });

describe('persistEpoch', () => {
  it('stores the epoch’s metrics and a checkpoint that resumes where it ended', async () => {
    const owner = await claimedExperiment();
    const taken = checkpointAfter(1);
    await persistEpoch(metrics(1), async () => taken, { owner, leaseLost: () => false, db });

    const rows = await rowsOf(owner.experimentId);
    expect(rows.map((row) => [row.epoch, row.attempt, row.trainLoss])).toEqual([[1, 1, 1]]);
    const resumed = await findResumePoint(owner.experimentId, { checkpoints, db, log });
    expect(resumed?.epoch).toBe(1);
    expect(resumed?.checkpoint).toEqual(taken);
  });

  it('takes the checkpoint only once the metrics row is stored', async () => {
    const owner = await claimedExperiment();
    let rowsWhenTaken = -1;
    await persistEpoch(
      metrics(1),
      async () => {
        rowsWhenTaken = (await rowsOf(owner.experimentId)).length;
        return checkpointAfter(1);
      },
      { owner, leaseLost: () => false, db },
    );
    expect(rowsWhenTaken).toBe(1);
  });

  it('rewrites a redelivered epoch under the new attempt instead of adding a row', async () => {
    const first = await claimedExperiment();
    await persistEpoch(metrics(1), async () => checkpointAfter(1), {
      owner: first,
      leaseLost: () => false,
      db,
    });
    const { owner: second } = await ExperimentOwner.claim(prisma, first.experimentId, running);
    await persistEpoch(metrics(1, 0.7), async () => checkpointAfter(1), {
      owner: second,
      leaseLost: () => false,
      db,
    });
    const rows = await rowsOf(first.experimentId);
    expect(rows.map((row) => [row.epoch, row.attempt, row.trainLoss])).toEqual([[1, 2, 0.7]]);
  });

  it('writes nothing, not even a checkpoint taken, once the job’s lock is lost', async () => {
    const owner = await claimedExperiment();
    const takeCheckpoint = jest.fn(async () => checkpointAfter(1));
    await expect(
      persistEpoch(metrics(1), takeCheckpoint, { owner, leaseLost: () => true, db }),
    ).rejects.toThrow(new LeaseLostError(owner.experimentId));
    expect(takeCheckpoint).not.toHaveBeenCalled();
    expect(await rowsOf(owner.experimentId)).toEqual([]);
    expect(await checkpoints.find(owner.experimentId)).toBeNull();
  });

  it('is refused, keeping nothing, for an attempt another one has replaced', async () => {
    const stale = await claimedExperiment();
    await ExperimentOwner.claim(prisma, stale.experimentId, running);
    const takeCheckpoint = jest.fn(async () => checkpointAfter(1));
    await expect(
      persistEpoch(metrics(1), takeCheckpoint, { owner: stale, leaseLost: () => false, db }),
    ).rejects.toThrow(StaleAttemptError);
    expect(takeCheckpoint).not.toHaveBeenCalled();
    expect(await rowsOf(stale.experimentId)).toEqual([]);
    expect(await checkpoints.find(stale.experimentId)).toBeNull();
  });

  it('is refused for a cancelled experiment, saying it was cancelled', async () => {
    const owner = await claimedExperiment();
    await experiments.markCancelled(owner.experimentId);
    await expect(
      persistEpoch(metrics(1), async () => checkpointAfter(1), {
        owner,
        leaseLost: () => false,
        db,
      }),
    ).rejects.toMatchObject({ constructor: ExperimentNotRunningError, status: 'cancelled' });
  });
});

describe('findResumePoint', () => {
  it('is undefined for an experiment without a checkpoint: a fresh run', async () => {
    const owner = await claimedExperiment();
    await expect(
      findResumePoint(owner.experimentId, { checkpoints, db, log }),
    ).resolves.toBeUndefined();
  });

  it('resumes from the latest epoch stored', async () => {
    const owner = await claimedExperiment();
    for (const epoch of [1, 2]) {
      await persistEpoch(metrics(epoch), async () => checkpointAfter(epoch), {
        owner,
        leaseLost: () => false,
        db,
      });
    }
    const resumed = await findResumePoint(owner.experimentId, { checkpoints, db, log });
    expect(resumed?.epoch).toBe(2);
    expect(resumed?.checkpoint.state.history.at(-1)).toEqual(metrics(2));
  });
});

describe('catchUpOnCancellation', () => {
  function listener() {
    const marked: string[] = [];
    return { marked, markCancelled: (id: string) => void marked.push(id) };
  }

  it('marks the experiment cancelled locally when its row says cancelled', async () => {
    const owner = await claimedExperiment();
    await experiments.markCancelled(owner.experimentId);
    const cancellations = listener();
    await expect(
      catchUpOnCancellation(owner.experimentId, { experiments, cancellations, db }),
    ).resolves.toBe(true);
    expect(cancellations.marked).toEqual([owner.experimentId]);
  });

  it('marks nothing while the experiment is running', async () => {
    const owner = await claimedExperiment();
    const cancellations = listener();
    await expect(
      catchUpOnCancellation(owner.experimentId, { experiments, cancellations, db }),
    ).resolves.toBe(false);
    expect(cancellations.marked).toEqual([]);
  });
});
