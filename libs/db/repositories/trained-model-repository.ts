import type { Prisma, PrismaClient, TrainedModel } from '../generated/client';
import type { ModelVariant } from '../model-variants';

export interface TrainedModelInput {
  experimentId: string;
  variant: ModelVariant;
  epoch: number;
  testAccuracy: number | null;
  topology: Prisma.InputJsonValue;
  weightSpecs: Prisma.InputJsonValue;
  weightData: Uint8Array;
  latency: Prisma.InputJsonValue | null;
  backend: string | null;
  tfjsVersion: string | null;
}

/** A kept model without its weights: what listings and reports need. */
export type TrainedModelSummary = Omit<TrainedModel, 'topology' | 'weightSpecs' | 'weightData'>;

/** The networks experiments leave behind, one row per (experiment, variant). */
export class TrainedModelRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /** An upsert: a redelivered job that finishes again rewrites its model, never duplicates it. */
  save(input: TrainedModelInput): Promise<TrainedModel> {
    return writeTrainedModel(this.prisma, input);
  }

  find(experimentId: string, variant: ModelVariant): Promise<TrainedModel | null> {
    return this.prisma.trainedModel.findUnique({
      where: { experimentId_variant: { experimentId, variant } },
    });
  }

  /** The experiments' models without their topology and weights (listings, reports). */
  summaries(experimentIds: string[]): Promise<TrainedModelSummary[]> {
    return this.prisma.trainedModel.findMany({
      where: { experimentId: { in: experimentIds } },
      omit: { topology: true, weightSpecs: true, weightData: true },
      orderBy: [{ experimentId: 'asc' }, { variant: 'asc' }],
    });
  }
}

/** The model upsert on any client, a transaction's too (ExperimentOwner's). */
export function writeTrainedModel(
  db: Prisma.TransactionClient,
  input: TrainedModelInput,
): Promise<TrainedModel> {
  const { experimentId, variant, ...rest } = input;
  const data = {
    ...rest,
    weightData: new Uint8Array(input.weightData),
    latency: input.latency ?? undefined,
  };
  return db.trainedModel.upsert({
    where: { experimentId_variant: { experimentId, variant } },
    create: { experimentId, variant, ...data },
    update: data,
  });
}
