import { ExperimentNotFoundError } from '../db-errors';
import type { EpochMetric, Prisma, PrismaClient } from '../generated/client';
import { isForeignKeyViolation } from '../prisma-errors';
import type { EpochMetricInput } from './epoch-metric-input';
import { validateEpochMetric } from './epoch-metric-validation';
import { groupNonFiniteFields } from './non-finite-floats';

type EpochValues = Omit<Prisma.EpochMetricUncheckedCreateInput, 'id' | 'experimentId' | 'epoch'>;

/** Every column an epoch writes; omitted optional metrics become null, not "keep the old one". */
function epochValues(input: EpochMetricInput) {
  return {
    trainLoss: input.trainLoss,
    trainAccuracy: input.trainAccuracy,
    valLoss: input.valLoss ?? null,
    valAccuracy: input.valAccuracy ?? null,
    testLoss: input.testLoss ?? null,
    testAccuracy: input.testAccuracy ?? null,
    learningRate: input.learningRate,
    epochSeconds: input.epochSeconds,
    imagesPerSecond: input.imagesPerSecond,
    attempt: input.attempt ?? 0,
  } satisfies EpochValues;
}

/** Per-epoch training metrics; at most one row per (experiment, epoch). */
export class MetricRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /**
   * Stores an epoch's metrics, replacing what an earlier delivery of the same job wrote for that
   * epoch: a redelivered job re-trains from the start and its numbers are the ones that count.
   * Prisma runs this as one INSERT ... ON CONFLICT DO UPDATE, so concurrent writers cannot collide.
   */
  async recordEpoch(input: EpochMetricInput): Promise<EpochMetric> {
    try {
      return await this.prisma.$transaction((tx) => writeEpochMetric(tx, input));
    } catch (error) {
      if (isForeignKeyViolation(error)) throw new ExperimentNotFoundError(input.experimentId);
      throw error;
    }
  }

  listForExperiment(experimentId: string): Promise<EpochMetric[]> {
    return this.prisma.epochMetric.findMany({
      where: { experimentId },
      orderBy: { epoch: 'asc' },
    });
  }
}

/**
 * recordEpoch's write in the caller's transaction (an upsert, then one update per further group
 * of non-finite values, see non-finite-floats): how ExperimentOwner writes under its fence.
 */
export async function writeEpochMetric(
  tx: Prisma.TransactionClient,
  input: EpochMetricInput,
): Promise<EpochMetric> {
  validateEpochMetric(input);
  const { experimentId, epoch } = input;
  const values = epochValues(input);
  const where = { experimentId_epoch: { experimentId, epoch } };
  const [, ...laterNonFinite] = groupNonFiniteFields(values);
  let row = await tx.epochMetric.upsert({
    where,
    create: { experimentId, epoch, ...values },
    update: values,
  });
  for (const fields of laterNonFinite) {
    row = await tx.epochMetric.update({ where, data: fields });
  }
  return row;
}
