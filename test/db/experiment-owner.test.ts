import {
  ExperimentNotRunningError,
  ExperimentOwner,
  ExperimentRepository,
  StaleAttemptError,
  type PrismaClient,
} from '@lenet-lab/db';
import { type MigratedScratchDatabase, migratedScratchDatabase } from '../support/database';

let db: MigratedScratchDatabase;
let prisma: PrismaClient;
let experiments: ExperimentRepository;

beforeAll(async () => {
  db = await migratedScratchDatabase('owners');
  prisma = db.prisma;
  experiments = new ExperimentRepository(prisma);
});

afterAll(async () => {
  await db.drop();
});

const running = { backend: 'wasm', device: 'cpu' };

function epoch(n: number) {
  return {
    epoch: n,
    trainLoss: 1 / n,
    trainAccuracy: 0.9,
    valLoss: null,
    valAccuracy: null,
    testLoss: 0.5,
    testAccuracy: 0.9,
    learningRate: 0.01,
    epochSeconds: 1,
    imagesPerSecond: 1000,
  };
}

const summary = {
  testAccuracy: 0.9,
  bestValAccuracy: null,
  bestEpoch: null,
  epochsRun: 2,
  stoppedEarly: false,
};

async function newExperiment(): Promise<string> {
  const created = await experiments.create({
    name: 'owned',
    config: {},
    configHash: 'h',
    seed: 1,
  });
  return created.id;
}

describe('ExperimentOwner: writes fenced by the attempt that owns the experiment', () => {
  it('numbers each delivery’s attempt and records it on what that attempt writes', async () => {
    const id = await newExperiment();
    const first = await ExperimentOwner.claim(prisma, id, running);
    expect(first.owner.attempt).toBe(1);
    await first.owner.recordEpoch(epoch(1));
    await first.owner.saveCheckpoint({ epoch: 1, state: {}, tensors: new Uint8Array([1]) });
    const second = await ExperimentOwner.claim(prisma, id, running);
    expect(second.owner.attempt).toBe(2);
    await second.owner.recordEpoch(epoch(2));
    const rows = await prisma.epochMetric.findMany({
      where: { experimentId: id },
      orderBy: { epoch: 'asc' },
    });
    expect(rows.map((row) => [row.epoch, row.attempt])).toEqual([
      [1, 1],
      [2, 2],
    ]);
    expect(
      (await prisma.checkpoint.findUniqueOrThrow({ where: { experimentId: id } })).attempt,
    ).toBe(1);
  });

  it('refuses every write of an attempt whose job was handed on, and keeps none of it', async () => {
    const id = await newExperiment();
    const stale = (await ExperimentOwner.claim(prisma, id, running)).owner;
    await stale.recordEpoch(epoch(1));
    const current = (await ExperimentOwner.claim(prisma, id, running)).owner;
    await current.recordEpoch(epoch(1));

    const writes = [
      () => stale.recordEpoch({ ...epoch(1), trainLoss: 99 }),
      () => stale.recordEpoch(epoch(2)),
      () => stale.saveCheckpoint({ epoch: 2, state: {}, tensors: new Uint8Array([2]) }),
      () =>
        stale.saveModel({
          variant: 'final',
          epoch: 2,
          testAccuracy: 0.1,
          topology: {},
          weightSpecs: [],
          weightData: new Uint8Array(4),
          latency: null,
          backend: 'wasm',
          tfjsVersion: null,
        }),
      () => stale.complete(summary),
      () => stale.fail('stale'),
      () => stale.retry('stale'),
    ];
    for (const write of writes) {
      await expect(write()).rejects.toThrow(StaleAttemptError);
    }
    await expect(stale.recordEpoch(epoch(3))).rejects.toMatchObject({
      code: 'STALE_ATTEMPT',
      attempt: 1,
      currentAttempt: 2,
    });
    const rows = await prisma.epochMetric.findMany({ where: { experimentId: id } });
    expect(rows.map((row) => [row.epoch, row.attempt, row.trainLoss])).toEqual([[1, 2, 1]]);
    expect(await prisma.checkpoint.count({ where: { experimentId: id } })).toBe(0);
    expect(await prisma.trainedModel.count({ where: { experimentId: id } })).toBe(0);
    expect(await experiments.findStatus(id)).toBe('running');

    await current.complete(summary);
    expect(await experiments.findStatus(id)).toBe('completed');
  });

  it('completes and drops the checkpoint in one step', async () => {
    const id = await newExperiment();
    const { owner } = await ExperimentOwner.claim(prisma, id, running);
    await owner.saveCheckpoint({ epoch: 1, state: {}, tensors: new Uint8Array([1]) });
    await owner.complete(summary);
    expect(await prisma.checkpoint.count({ where: { experimentId: id } })).toBe(0);
    await expect(owner.recordEpoch(epoch(3))).rejects.toThrow(ExperimentNotRunningError);
  });

  it('refuses an epoch after a cancel, and a cancel counts the epochs written before it', async () => {
    const id = await newExperiment();
    const { owner } = await ExperimentOwner.claim(prisma, id, running);
    await owner.recordEpoch(epoch(1));
    const cancelled = await experiments.markCancelled(id);
    expect(cancelled).toMatchObject({ status: 'cancelled', epochsRun: 1 });
    await expect(owner.recordEpoch(epoch(2))).rejects.toMatchObject({
      code: 'EXPERIMENT_NOT_RUNNING',
      status: 'cancelled',
    });
    await expect(
      owner.saveCheckpoint({ epoch: 2, state: {}, tensors: new Uint8Array(1) }),
    ).rejects.toThrow(ExperimentNotRunningError);
    expect(await prisma.epochMetric.count({ where: { experimentId: id } })).toBe(1);
  });

  it('never lets an epoch land after a racing cancel: each race ends with rows = epochsRun', async () => {
    const ids = await Promise.all(Array.from({ length: 20 }, newExperiment));
    const owners = await Promise.all(
      ids.map(async (id) => (await ExperimentOwner.claim(prisma, id, running)).owner),
    );
    const outcomes = await Promise.all(
      owners.map(async (owner, i) => {
        // Both in flight at once: the row lock decides which goes first.
        const write = owner.recordEpoch(epoch(1)).then(
          () => 'written' as const,
          (error: unknown) => {
            if (error instanceof ExperimentNotRunningError) return 'refused' as const;
            throw error;
          },
        );
        const cancel = experiments.markCancelled(ids[i]);
        return [await write, await cancel] as const;
      }),
    );
    for (const [i, [written]] of outcomes.entries()) {
      const experiment = await prisma.experiment.findUniqueOrThrow({
        where: { id: ids[i] },
        include: { metrics: true },
      });
      expect(experiment.status).toBe('cancelled');
      expect(experiment.metrics).toHaveLength(written === 'written' ? 1 : 0);
      // The cancel counted the rows inside its transaction: one written later would differ.
      expect(experiment.epochsRun).toBe(experiment.metrics.length);
    }
  });
});
