import { performance } from 'node:perf_hooks';
import { configHash, resolveConfig } from '@lenet-lab/config';
import {
  CheckpointRepository,
  createPrismaClient,
  ExperimentRepository,
  MetricRepository,
  type Prisma,
} from '@lenet-lab/db';
import { loadMnist } from '@lenet-lab/mnist';
import { train, type EpochEndContext, type EpochMetrics } from '@lenet-lab/training';
import { encodeCheckpoint } from '@lenet-lab/worker/checkpoint-codec';
import { median, sum } from '../stats';
import type { EpochWritesResult, EpochWritesTask } from './tasks';

/** Untimed rounds first: the pool's connections and Prisma's first query plans. */
const WARMUP_ROUNDS = 3;
const PARTS = ['metrics', 'checkpointEncode', 'checkpointSave', 'statusRead'] as const;
const TINY_RUN = { trainLimit: 64, testLimit: 64, epochs: 1, validationSplit: 0 };

/**
 * Times what libs/worker/training-processor.ts writes after every epoch, in its order: the
 * metrics upsert, the checkpoint (read from the model, encoded, upserted) and the status read
 * that notices a missed cancellation. All inside a real onEpochEnd, so the checkpoint holds a
 * real LeNet-5's weights and momentum; into an experiment row of its own, deleted afterwards.
 */
export async function runEpochWrites(task: EpochWritesTask): Promise<EpochWritesResult> {
  const prisma = createPrismaClient(task.databaseUrl, { maxConnections: 2 });
  const experiments = new ExperimentRepository(prisma);
  const metrics = new MetricRepository(prisma);
  const checkpoints = new CheckpointRepository(prisma);
  const config = resolveConfig({ preset: 'baseline', overrides: TINY_RUN });
  const experiment = await experiments.create({
    name: 'bench: epoch writes',
    preset: 'baseline',
    config: config as unknown as Prisma.InputJsonValue,
    configHash: configHash(config),
    seed: config.seed,
    queuePrefix: task.queuePrefix,
  });
  const timings = Object.fromEntries(PARTS.map((part) => [part, [] as number[]])) as Record<
    (typeof PARTS)[number],
    number[]
  >;
  let checkpointBytes = 0;

  const writeOnce = async (epoch: number, m: EpochMetrics, context: EpochEndContext) => {
    const t0 = performance.now();
    await metrics.recordEpoch({ experimentId: experiment.id, ...m, epoch });
    const t1 = performance.now();
    const checkpoint = encodeCheckpoint(await context.checkpoint());
    const t2 = performance.now();
    await checkpoints.save(
      experiment.id,
      checkpoint.epoch,
      JSON.parse(JSON.stringify(checkpoint.state)) as Prisma.InputJsonValue,
      checkpoint.tensors,
    );
    const t3 = performance.now();
    await experiments.findById(experiment.id);
    const t4 = performance.now();
    checkpointBytes = checkpoint.tensors.length;
    return {
      metrics: t1 - t0,
      checkpointEncode: t2 - t1,
      checkpointSave: t3 - t2,
      statusRead: t4 - t3,
    };
  };

  try {
    await train({
      config,
      dataset: await loadMnist(TINY_RUN),
      onEpochEnd: async (m, context) => {
        for (let round = 1; round <= WARMUP_ROUNDS + task.samples; round++) {
          const t = await writeOnce(round, m, context);
          if (round <= WARMUP_ROUNDS) continue;
          for (const part of PARTS) timings[part].push(t[part]);
        }
      },
    });
  } finally {
    await experiments.delete(experiment.id).catch(() => false);
    await prisma.$disconnect();
  }
  const totals = timings.metrics.map((_, i) => sum(PARTS.map((part) => timings[part][i])));
  return {
    samples: task.samples,
    medianMs: {
      metrics: median(timings.metrics),
      checkpointEncode: median(timings.checkpointEncode),
      checkpointSave: median(timings.checkpointSave),
      statusRead: median(timings.statusRead),
      total: median(totals),
    },
    checkpointBytes,
  };
}
