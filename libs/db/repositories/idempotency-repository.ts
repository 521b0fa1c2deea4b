import { randomUUID } from 'node:crypto';
import {
  Prisma,
  type Ablation,
  type Experiment,
  type IdempotencyKey,
  type PrismaClient,
} from '../generated/client';
import type { NewAblation } from './ablation-repository';
import type { NewExperiment } from './experiment-inputs';

const UNIQUE_VIOLATION = 'P2002';

export type IdempotencyRecord = IdempotencyKey;

/** A client's key for one create request, as it is stored next to the resource it created. */
export interface IdempotencyClaim {
  /** The route the key belongs to, e.g. "POST /api/experiments"; keys of two routes never meet. */
  scope: string;
  key: string;
  /** SHA-256 of the request that first used the key. */
  requestHash: string;
}

/** Another request already holds the key (committed before this one could write it). */
export class IdempotencyKeyTakenError extends Error {
  readonly code = 'IDEMPOTENCY_KEY_TAKEN';
  constructor(
    readonly scope: string,
    readonly key: string,
  ) {
    super(`Idempotency key ${JSON.stringify(key)} is already used on ${scope}`);
    this.name = 'IdempotencyKeyTakenError';
  }
}

export type AblationWithCells = Ablation & { experiments: Experiment[] };

/**
 * Idempotency keys, and the creations they guard. The key row is written first and in the same
 * transaction as the resource: of two requests racing with one key, the second blocks on the
 * primary key until the first commits, then fails with IdempotencyKeyTakenError having written
 * nothing, and can answer with the first one's resource.
 */
export class IdempotencyRepository {
  constructor(private readonly prisma: PrismaClient) {}

  find(scope: string, key: string): Promise<IdempotencyRecord | null> {
    return this.prisma.idempotencyKey.findUnique({ where: { scope_key: { scope, key } } });
  }

  /** Deletes every key created before `cutoff`; returns how many. */
  async deleteExpired(cutoff: Date): Promise<number> {
    const { count } = await this.prisma.idempotencyKey.deleteMany({
      where: { createdAt: { lt: cutoff } },
    });
    return count;
  }

  /** Removes a key whose creation was undone (its job could not be enqueued), so a retry may reuse it. */
  async release(scope: string, key: string): Promise<void> {
    await this.prisma.idempotencyKey.deleteMany({ where: { scope, key } });
  }

  /** The experiment and its key, all or nothing. */
  createExperiment(claim: IdempotencyClaim, experiment: NewExperiment): Promise<Experiment> {
    const id = experiment.id ?? randomUUID();
    return this.prisma.$transaction(async (tx) => {
      await claimKey(tx, claim, 'experiment', id);
      return tx.experiment.create({ data: { ...experiment, id } });
    });
  }

  /** The ablation, one experiment per cell (in the given order) and the key, all or nothing. */
  createAblation(
    claim: IdempotencyClaim,
    ablation: NewAblation,
    cells: Omit<NewExperiment, 'ablationId'>[],
  ): Promise<AblationWithCells> {
    const id = randomUUID();
    return this.prisma.$transaction(async (tx) => {
      await claimKey(tx, claim, 'ablation', id);
      const created = await tx.ablation.create({ data: { ...ablation, id } });
      const experiments: Experiment[] = [];
      for (const cell of cells) {
        experiments.push(await tx.experiment.create({ data: { ...cell, ablationId: id } }));
      }
      return { ...created, experiments };
    });
  }
}

async function claimKey(
  tx: Prisma.TransactionClient,
  claim: IdempotencyClaim,
  resourceType: string,
  resourceId: string,
): Promise<void> {
  try {
    await tx.idempotencyKey.create({ data: { ...claim, resourceType, resourceId } });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === UNIQUE_VIOLATION) {
      throw new IdempotencyKeyTakenError(claim.scope, claim.key);
    }
    throw error;
  }
}
