import type { Checkpoint, Prisma, PrismaClient } from '../generated/client';

/** The latest end-of-epoch checkpoint of each experiment, overwritten in place. */
export class CheckpointRepository {
  constructor(private readonly prisma: PrismaClient) {}

  save(experimentId: string, epoch: number, state: Prisma.InputJsonValue, tensors: Uint8Array) {
    const data = { epoch, state, tensors: new Uint8Array(tensors) };
    return this.prisma.checkpoint.upsert({
      where: { experimentId },
      create: { experimentId, ...data },
      update: data,
    });
  }

  /** Drops the checkpoint of a finished run: its kept models hold what is worth keeping. */
  async delete(experimentId: string): Promise<void> {
    await this.prisma.checkpoint.deleteMany({ where: { experimentId } });
  }

  find(experimentId: string): Promise<Checkpoint | null> {
    return this.prisma.checkpoint.findUnique({ where: { experimentId } });
  }
}
