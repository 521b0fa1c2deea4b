import {
  Prisma,
  type Ablation,
  type EpochMetric,
  type Experiment,
  type PrismaClient,
  type TrainedModel,
} from '../generated/client';
import { randomUUID } from 'node:crypto';
import { isTerminalStatus } from '../experiment-status';
import type { NewExperiment } from './experiment-inputs';
import { claimKey, type IdempotencyClaim } from './idempotency-claim';

export interface NewAblation {
  name: string;
  /** The rows' labels in table order. */
  presets: string[];
  seeds: number[];
  overrides: Prisma.InputJsonValue;
  design: string;
  /** The baseline and steps as submitted; none for an ablation of presets. */
  definition?: Prisma.InputJsonValue;
}

/** What a report shows of a kept model: never its topology or weights (~180 KB a model). */
export type AblationExperimentModel = Pick<
  TrainedModel,
  'variant' | 'epoch' | 'testAccuracy' | 'latency' | 'backend'
>;

export type AblationWithExperiments = Ablation & {
  experiments: (Experiment & { metrics: EpochMetric[] })[];
};

/** What the report reads: the cells, their metrics and their kept models. */
export type AblationForReport = Ablation & {
  experiments: (Experiment & { metrics: EpochMetric[]; models: AblationExperimentModel[] })[];
};

/** Ablations and their cells. An ablation and its experiments are written in one transaction. */
export class AblationRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /**
   * Creates the ablation and one experiment per cell (in the given order), all or nothing; with
   * a claim, the client's Idempotency-Key is written first in the same transaction
   * (IdempotencyKeyTakenError if another request holds it).
   */
  async createWithExperiments(
    ablation: NewAblation,
    cells: Omit<NewExperiment, 'ablationId'>[],
    claim?: IdempotencyClaim,
  ): Promise<AblationWithExperiments> {
    const id = randomUUID();
    return this.prisma.$transaction(async (tx) => {
      if (claim) await claimKey(tx, claim, 'ablation', id);
      const created = await tx.ablation.create({ data: { ...ablation, id } });
      const experiments: AblationWithExperiments['experiments'] = [];
      for (const cell of cells) {
        const experiment = await tx.experiment.create({ data: { ...cell, ablationId: id } });
        experiments.push({ ...experiment, metrics: [] });
      }
      return { ...created, experiments };
    });
  }

  /** Adds experiments to an existing ablation (re-running cells), all or nothing. */
  async addExperiments(ablationId: string, cells: Omit<NewExperiment, 'ablationId'>[]) {
    return this.prisma.$transaction(async (tx) => {
      const created: Experiment[] = [];
      for (const cell of cells) {
        created.push(await tx.experiment.create({ data: { ...cell, ablationId } }));
      }
      // A new round of cells means the old report no longer describes the ablation.
      await tx.ablation.update({
        where: { id: ablationId },
        data: { reportBuiltAt: null, reportError: null, report: Prisma.DbNull },
      });
      return created;
    });
  }

  findById(id: string): Promise<AblationWithExperiments | null> {
    return this.prisma.ablation.findUnique({ where: { id }, include: experimentsInCellOrder });
  }

  /** findById plus each cell's kept models: only the report needs them. */
  findForReport(id: string): Promise<AblationForReport | null> {
    return this.prisma.ablation.findUnique({ where: { id }, include: experimentsWithModels });
  }

  async list(options: { limit: number; offset: number }) {
    const [items, total] = await this.prisma.$transaction([
      this.prisma.ablation.findMany({
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: options.limit,
        skip: options.offset,
        include: {
          experiments: {
            select: {
              id: true,
              preset: true,
              ablationRow: true,
              seed: true,
              status: true,
              createdAt: true,
            },
          },
        },
      }),
      this.prisma.ablation.count(),
    ]);
    return { items, total };
  }

  /**
   * Ablations with cells under a queue prefix and neither a report nor a report error yet;
   * `cellsFinished` says whether every cell has reached a terminal status.
   */
  async findAwaitingReport(queuePrefix: string): Promise<{ id: string; cellsFinished: boolean }[]> {
    const open = await this.prisma.ablation.findMany({
      where: { reportBuiltAt: null, reportError: null, experiments: { some: { queuePrefix } } },
      select: { id: true, experiments: { select: { status: true } } },
    });
    return open.map((ablation) => ({
      id: ablation.id,
      cellsFinished:
        ablation.experiments.length > 0 &&
        ablation.experiments.every((experiment) => isTerminalStatus(experiment.status)),
    }));
  }

  delete(id: string) {
    return this.prisma.ablation.delete({ where: { id } });
  }

  recordReport(id: string, report: Prisma.InputJsonValue): Promise<Ablation> {
    return this.prisma.ablation.update({
      where: { id },
      data: { report, reportBuiltAt: new Date(), reportError: null },
    });
  }

  recordReportError(id: string, error: string): Promise<Ablation> {
    return this.prisma.ablation.update({ where: { id }, data: { reportError: error } });
  }
}

const experimentsInCellOrder = {
  experiments: {
    orderBy: [{ createdAt: 'asc' as const }, { seed: 'asc' as const }],
    include: { metrics: { orderBy: { epoch: 'asc' as const } } },
  },
};

const experimentsWithModels = {
  experiments: {
    ...experimentsInCellOrder.experiments,
    include: {
      ...experimentsInCellOrder.experiments.include,
      // A select, not an omit: a column added to trained_models later is not loaded by default.
      models: {
        select: { variant: true, epoch: true, testAccuracy: true, latency: true, backend: true },
        orderBy: { variant: 'asc' as const },
      },
    },
  },
};
