// The generated client is the single source of the database's types; other code imports them
// from @lenet-lab/db, never from ./generated, so the output folder can move without churn.
export { ExperimentStatus, Prisma, PrismaClient } from './generated/client';
export type { Ablation, EpochMetric, Experiment, TrainedModel } from './generated/client';
