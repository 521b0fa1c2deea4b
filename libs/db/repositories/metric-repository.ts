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
    validateEpochMetric(input);
    try {
      return await this.upsertEpoch(input.experimentId, input.epoch, epochValues(input));
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

  private async upsertEpoch(
    experimentId: string,
    epoch: number,
    values: ReturnType<typeof epochValues>,
  ): Promise<EpochMetric> {
    const where = { experimentId_epoch: { experimentId, epoch } };
    const upsert = (client: Pick<Prisma.TransactionClient, 'epochMetric'>) =>
      client.epochMetric.upsert({
        where,
        create: { experimentId, epoch, ...values },
        update: values,
      });
    const [, ...laterNonFinite] = groupNonFiniteFields(values);
    if (laterNonFinite.length === 0) return upsert(this.prisma);
    // A run that diverged to NaN in one loss and Infinity in another: see non-finite-floats.
    return this.prisma.$transaction(async (tx) => {
      let row = await upsert(tx);
      for (const fields of laterNonFinite) {
        row = await tx.epochMetric.update({ where, data: fields });
      }
      return row;
    });
  }
}
