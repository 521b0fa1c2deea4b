import type { Checkpoint, Prisma, PrismaClient } from '../generated/client';

/** The latest end-of-epoch checkpoint of each experiment, overwritten in place. */
export class CheckpointRepository {
  constructor(private readonly prisma: PrismaClient) {}

  save(experimentId: string, epoch: number, state: Prisma.InputJsonValue, tensors: Uint8Array) {
    return writeCheckpoint(this.prisma, { experimentId, epoch, state, tensors, attempt: 0 });
  }

  /** Drops the checkpoint of a finished run: its kept models hold what is worth keeping. */
  async delete(experimentId: string): Promise<void> {
    await this.prisma.checkpoint.deleteMany({ where: { experimentId } });
  }

  find(experimentId: string): Promise<Checkpoint | null> {
    return this.prisma.checkpoint.findUnique({ where: { experimentId } });
  }
}

export interface CheckpointInput {
  experimentId: string;
  /** Epochs completed when it was taken. */
  epoch: number;
  state: Prisma.InputJsonValue;
  tensors: Uint8Array;
  /** The attempt that wrote it. */
  attempt: number;
}

/** The checkpoint upsert on any client, a transaction's too (ExperimentOwner's). */
export function writeCheckpoint(db: Prisma.TransactionClient, input: CheckpointInput) {
  const { experimentId, ...rest } = input;
  const data = { ...rest, tensors: new Uint8Array(input.tensors) };
  return db.checkpoint.upsert({
    where: { experimentId },
    create: { experimentId, ...data },
    update: data,
  });
}
