import {
  ExperimentNotFoundError,
  ExperimentRepository,
  type EpochMetricInput,
  InvalidEpochMetricError,
  MetricRepository,
  type PrismaClient,
} from '@lenet-lab/db';
import { createTestPrisma } from '../support/database';

// The shared test database: every test works on experiments it created itself.
let prisma: PrismaClient;
let experiments: ExperimentRepository;
let metrics: MetricRepository;

beforeAll(() => {
  prisma = createTestPrisma();
  experiments = new ExperimentRepository(prisma);
  metrics = new MetricRepository(prisma);
});

afterAll(async () => {
  await prisma.$disconnect();
});

async function newExperimentId(): Promise<string> {
  const experiment = await experiments.create({
    name: 'metrics',
    config: {},
    configHash: 'h',
    seed: 1,
  });
  return experiment.id;
}

function epochOf(
  experimentId: string,
  overrides: Partial<EpochMetricInput> = {},
): EpochMetricInput {
  return {
    experimentId,
    epoch: 0,
    trainLoss: 0.52,
    trainAccuracy: 0.84,
    valLoss: 0.41,
    valAccuracy: 0.88,
    learningRate: 0.001,
    epochSeconds: 14.2,
    imagesPerSecond: 3800,
    ...overrides,
  };
}

describe('MetricRepository', () => {
  it('stores an epoch and lists it back', async () => {
    const id = await newExperimentId();
    await metrics.recordEpoch(epochOf(id));
    const rows = await metrics.listForExperiment(id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ epoch: 0, trainLoss: 0.52, valAccuracy: 0.88, testLoss: null });
  });

  it('overwrites a redelivered epoch instead of duplicating it', async () => {
    const id = await newExperimentId();
    await metrics.recordEpoch(epochOf(id, { epoch: 3, trainLoss: 0.9 }));
    await metrics.recordEpoch(
      epochOf(id, { epoch: 3, trainLoss: 0.2, valLoss: undefined, valAccuracy: undefined }),
    );
    const rows = await metrics.listForExperiment(id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ epoch: 3, trainLoss: 0.2, valLoss: null, valAccuracy: null });
  });

  it('keeps one row when the same epoch is written concurrently', async () => {
    const id = await newExperimentId();
    await Promise.all(
      [0.1, 0.2, 0.3, 0.4].map((loss) => metrics.recordEpoch(epochOf(id, { trainLoss: loss }))),
    );
    expect(await metrics.listForExperiment(id)).toHaveLength(1);
  });

  it('lists epochs in order', async () => {
    const id = await newExperimentId();
    for (const epoch of [4, 1, 3, 0, 2]) await metrics.recordEpoch(epochOf(id, { epoch }));
    expect((await metrics.listForExperiment(id)).map((m) => m.epoch)).toEqual([0, 1, 2, 3, 4]);
  });

  it('round-trips a NaN loss', async () => {
    const id = await newExperimentId();
    const written = await metrics.recordEpoch(epochOf(id, { trainLoss: NaN, valLoss: NaN }));
    expect(written.trainLoss).toBeNaN();
    const [row] = await metrics.listForExperiment(id);
    expect(row.trainLoss).toBeNaN();
    expect(row.valLoss).toBeNaN();
    const raw = await prisma.$queryRaw<{ loss: string }[]>`
      SELECT train_loss::text AS loss FROM epoch_metrics WHERE experiment_id = ${id}`;
    expect(raw[0].loss).toBe('NaN');
  });

  it('keeps NaN, Infinity and -Infinity apart in one epoch', async () => {
    const id = await newExperimentId();
    await metrics.recordEpoch(
      epochOf(id, { trainLoss: NaN, valLoss: Infinity, testLoss: -Infinity, testAccuracy: 0.1 }),
    );
    const [row] = await metrics.listForExperiment(id);
    expect(row.trainLoss).toBeNaN();
    expect(row.valLoss).toBe(Infinity);
    expect(row.testLoss).toBe(-Infinity);
    expect(row.testAccuracy).toBe(0.1);
  });

  it('rejects accuracies outside 0-1 before writing', async () => {
    const id = await newExperimentId();
    await expect(metrics.recordEpoch(epochOf(id, { valAccuracy: 88 }))).rejects.toThrow(
      InvalidEpochMetricError,
    );
    expect(await metrics.listForExperiment(id)).toHaveLength(0);
  });

  it('reports an unknown experiment as not found', async () => {
    await expect(
      metrics.recordEpoch(epochOf('00000000-0000-4000-8000-000000000000')),
    ).rejects.toThrow(ExperimentNotFoundError);
  });

  it("deletes an experiment's metrics with it", async () => {
    const id = await newExperimentId();
    await metrics.recordEpoch(epochOf(id));
    await prisma.experiment.delete({ where: { id } });
    expect(await metrics.listForExperiment(id)).toHaveLength(0);
  });
});
