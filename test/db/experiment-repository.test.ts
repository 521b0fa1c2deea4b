import {
  type Experiment,
  ExperimentNotFoundError,
  ExperimentRepository,
  InvalidStatusTransitionError,
  MetricRepository,
  type NewExperiment,
  type PrismaClient,
} from '@lenet-lab/db';
import { type MigratedScratchDatabase, migratedScratchDatabase } from '../support/database';

// A private database: list() totals must not see rows other test files write concurrently.
let db: MigratedScratchDatabase;
let prisma: PrismaClient;
let experiments: ExperimentRepository;

beforeAll(async () => {
  db = await migratedScratchDatabase('experiments');
  prisma = db.prisma;
  experiments = new ExperimentRepository(prisma);
});

afterAll(async () => {
  await db.drop();
});

beforeEach(async () => {
  await prisma.experiment.deleteMany();
});

function newExperiment(overrides: Partial<NewExperiment> = {}): NewExperiment {
  return {
    name: 'baseline',
    preset: 'baseline',
    config: { model: { activation: 'relu' }, training: { epochs: 10 } },
    configHash: 'c0ffee',
    seed: 42,
    ...overrides,
  };
}

const running = { backend: 'cpu', device: 'x86_64' };

describe('ExperimentRepository', () => {
  describe('create and findById', () => {
    it('creates a queued experiment with its defaults', async () => {
      const created = await experiments.create(newExperiment());
      expect(created).toMatchObject({
        status: 'queued',
        attempts: 0,
        epochsRun: 0,
        stoppedEarly: false,
        config: { model: { activation: 'relu' }, training: { epochs: 10 } },
      });
      expect(created.id).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('uses the id it is given (the BullMQ job id)', async () => {
      const id = '3f1f1cde-0000-4000-8000-000000000001';
      expect((await experiments.create(newExperiment({ id }))).id).toBe(id);
    });

    it('finds an experiment with its metrics in epoch order', async () => {
      const { id } = await experiments.create(newExperiment());
      const metrics = new MetricRepository(prisma);
      for (const epoch of [2, 0, 1]) {
        await metrics.recordEpoch({
          experimentId: id,
          epoch,
          trainLoss: 1 / (epoch + 1),
          trainAccuracy: 0.5 + epoch / 10,
          learningRate: 0.01,
          epochSeconds: 3,
          imagesPerSecond: 20000,
        });
      }
      const found = await experiments.findById(id);
      expect(found?.metrics.map((m) => m.epoch)).toEqual([0, 1, 2]);
    });

    it('returns null for an unknown id', async () => {
      expect(await experiments.findById('00000000-0000-4000-8000-000000000000')).toBeNull();
    });
  });

  describe('delete', () => {
    it('removes the experiment and its metrics, and says whether there was one', async () => {
      const { id } = await experiments.create(newExperiment());
      await new MetricRepository(prisma).recordEpoch({
        experimentId: id,
        epoch: 0,
        trainLoss: 1,
        trainAccuracy: 0.5,
        learningRate: 0.01,
        epochSeconds: 1,
        imagesPerSecond: 100,
      });
      expect(await experiments.delete(id)).toBe(true);
      expect(await experiments.findById(id)).toBeNull();
      expect(await prisma.epochMetric.count({ where: { experimentId: id } })).toBe(0);
      expect(await experiments.delete(id)).toBe(false);
    });
  });

  describe('list', () => {
    /** Created a second apart, so "newest first" does not hinge on millisecond timing. */
    async function createMany(count: number): Promise<Experiment[]> {
      const created: Experiment[] = [];
      for (let i = 0; i < count; i++) {
        const { id } = await experiments.create(newExperiment({ name: `run-${i}`, seed: i }));
        created.push(
          await prisma.experiment.update({
            where: { id },
            data: { createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)) },
          }),
        );
      }
      return created;
    }

    it('pages newest first and reports the total', async () => {
      const created = await createMany(5);
      const newestFirst = [...created].reverse().map((e) => e.name);

      const first = await experiments.list({ limit: 2 });
      const second = await experiments.list({ limit: 2, offset: 2 });
      const last = await experiments.list({ limit: 2, offset: 4 });

      expect(first).toMatchObject({ total: 5, limit: 2, offset: 0 });
      expect([...first.items, ...second.items, ...last.items].map((e) => e.name)).toEqual(
        newestFirst,
      );
      expect(last.items).toHaveLength(1);
    });

    it('filters by one status or several', async () => {
      const [a, b, c] = await createMany(3);
      await experiments.markRunning(a.id, running);
      await experiments.markRunning(b.id, running);
      await experiments.markFailed(b.id, 'out of memory');

      const runningPage = await experiments.list({ status: 'running' });
      expect(runningPage.items.map((e) => e.id)).toEqual([a.id]);
      expect(runningPage.total).toBe(1);

      const notRunning = await experiments.list({ status: ['queued', 'failed'] });
      expect(notRunning.items.map((e) => e.id).sort()).toEqual([b.id, c.id].sort());
      expect(notRunning.total).toBe(2);
    });

    it('keeps page sizes within bounds', async () => {
      await createMany(2);
      expect((await experiments.list({ limit: 0 })).limit).toBe(1);
      expect((await experiments.list({ limit: 10_000 })).limit).toBe(100);
      expect((await experiments.list({ offset: -5 })).offset).toBe(0);
      expect((await experiments.list()).limit).toBe(20);
    });
  });

  describe('status transitions', () => {
    it('runs, then completes with a summary', async () => {
      const { id } = await experiments.create(newExperiment());
      const started = await experiments.markRunning(id, { backend: 'wasm' });
      expect(started).toMatchObject({
        status: 'running',
        backend: 'wasm',
        device: null,
        attempts: 1,
      });
      expect(started.startedAt).toBeInstanceOf(Date);

      const done = await experiments.markCompleted(id, {
        testAccuracy: 0.9891,
        bestValAccuracy: 0.9902,
        bestEpoch: 7,
        epochsRun: 9,
        stoppedEarly: true,
        datasetSha256: { 'train-images-idx3-ubyte': 'ab'.repeat(32) },
        codeVersion: 'abc1234',
        result: {
          confusionMatrix: [
            [1, 0],
            [0, 1],
          ],
        },
      });
      expect(done).toMatchObject({
        status: 'completed',
        testAccuracy: 0.9891,
        bestEpoch: 7,
        stoppedEarly: true,
        codeVersion: 'abc1234',
        result: {
          confusionMatrix: [
            [1, 0],
            [0, 1],
          ],
        },
      });
      expect(done.finishedAt).toBeInstanceOf(Date);
    });

    it('goes running -> retrying -> running again with the next attempt', async () => {
      const { id } = await experiments.create(newExperiment());
      await experiments.markRunning(id, running);
      const stalled = await experiments.markRetrying(id, 'job stalled');
      expect(stalled).toMatchObject({ status: 'retrying', error: 'job stalled' });
      const resumed = await experiments.markRunning(id, running);
      expect(resumed).toMatchObject({ status: 'running', attempts: 2, error: null });
    });

    it('lets a redelivered job mark a still-running experiment running again', async () => {
      const { id } = await experiments.create(newExperiment());
      await experiments.markRunning(id, running);
      await expect(experiments.markRunning(id, running)).resolves.toMatchObject({
        attempts: 2,
      });
    });

    it.each([
      ['completed', (id: string) => completeRun(id)],
      ['failed', (id: string) => experiments.markFailed(id, 'diverged')],
      ['cancelled', (id: string) => experiments.markCancelled(id)],
    ])('never moves a %s experiment back to running', async (status, finish) => {
      const { id } = await experiments.create(newExperiment());
      await experiments.markRunning(id, running);
      await finish(id);

      const attempt = experiments.markRunning(id, running);
      await expect(attempt).rejects.toThrow(InvalidStatusTransitionError);
      await expect(attempt).rejects.toMatchObject({
        code: 'INVALID_STATUS_TRANSITION',
        from: status,
        to: 'running',
      });
      expect((await experiments.findById(id))?.status).toBe(status);
    });

    it('lets only one of two racing workers complete an experiment', async () => {
      const { id } = await experiments.create(newExperiment());
      await experiments.markRunning(id, running);
      const results = await Promise.allSettled([completeRun(id), completeRun(id)]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    });

    it('cancels a queued experiment but does not retry it', async () => {
      const { id } = await experiments.create(newExperiment());
      await expect(experiments.markRetrying(id)).rejects.toThrow(InvalidStatusTransitionError);
      await expect(experiments.markCancelled(id)).resolves.toMatchObject({ status: 'cancelled' });
    });

    it('reports an unknown experiment as not found', async () => {
      await expect(
        experiments.markRunning('00000000-0000-4000-8000-000000000000', running),
      ).rejects.toThrow(ExperimentNotFoundError);
    });
  });
});

function completeRun(id: string) {
  return experiments.markCompleted(id, {
    testAccuracy: 0.98,
    bestValAccuracy: 0.985,
    bestEpoch: 3,
    epochsRun: 4,
    stoppedEarly: false,
  });
}
