import { randomUUID } from 'node:crypto';
import { UnrecoverableError } from 'bullmq';
import pino from 'pino';
import { experimentConfigSchema } from '@lenet-lab/config';
import { ExperimentRepository, type PrismaClient } from '@lenet-lab/db';
import { databaseRetry } from '@lenet-lab/worker/training-steps/database-retry';
import { experimentToTrain } from '@lenet-lab/worker/training-steps/experiment-to-train';
import { createTestPrisma } from '../support/database';

let prisma: PrismaClient;
let experiments: ExperimentRepository;
const log = pino({ level: 'silent' });

beforeAll(() => {
  prisma = createTestPrisma();
  experiments = new ExperimentRepository(prisma);
});

afterAll(() => prisma.$disconnect());

const deps = () => ({ experiments, db: databaseRetry(log), log });

async function stored(config: unknown) {
  const created = await experiments.create({
    name: 'to-train',
    config: config as never,
    configHash: 'h',
    seed: 1,
  });
  return created.id;
}

describe('experimentToTrain', () => {
  it('reads the stored config, with the schema’s defaults filled in', async () => {
    const id = await stored({ epochs: 2, trainLimit: 600 });
    const config = await experimentToTrain(id, deps());
    expect(config).toEqual(experimentConfigSchema.parse({ epochs: 2, trainLimit: 600 }));
  });

  it('is null for an experiment that has finished, leaving it as it was', async () => {
    const id = await stored({ epochs: 2 });
    await experiments.markCancelled(id);
    await expect(experimentToTrain(id, deps())).resolves.toBeNull();
    expect(await experiments.findStatus(id)).toBe('cancelled');
  });

  it('is unrecoverable when the experiment does not exist', async () => {
    const id = randomUUID();
    await expect(experimentToTrain(id, deps())).rejects.toThrow(
      new UnrecoverableError(`experiment ${id} does not exist`),
    );
  });

  it('marks the experiment failed, saying why, when its stored config is invalid', async () => {
    const id = await stored({ epochs: 0 });
    const thrown = await experimentToTrain(id, deps()).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(UnrecoverableError);
    expect((thrown as Error).message).toMatch(/^stored config is invalid: .*epochs/s);
    const row = await experiments.findById(id);
    expect(row).toMatchObject({ status: 'failed', error: (thrown as Error).message });
  });
});
