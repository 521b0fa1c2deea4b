import type { ModelVariant, Prisma, TrainedModelInput } from '@lenet-lab/db';
import type { PredictionLatency } from '@lenet-lab/inference';
import type { Logger } from '@lenet-lab/logger';
import type { LayersModelArtifacts, TrainingResult } from '@lenet-lab/training';

export interface KeepTrainedModelsDeps {
  /** Stores one model of the experiment (the worker's: fenced, retried through outages). */
  save(model: Omit<TrainedModelInput, 'experimentId'>): Promise<unknown>;
  /** Times predictions with the model on this worker's backend. */
  measureLatency(artifacts: LayersModelArtifacts): Promise<PredictionLatency[]>;
  runtime: { backend: string; tfjsVersion?: string };
  logger: Logger;
}

interface KeptModel {
  variant: ModelVariant;
  artifacts: LayersModelArtifacts;
  epoch: number;
  testAccuracy: number | null;
}

/**
 * Stores a finished run's networks: the final one, and the restored best one when early
 * stopping kept it. Latency is measured once, on the model the experiment reports (both
 * variants are the same network, so their timings are the same); a failed measurement is
 * logged and left out rather than failing a run whose training succeeded.
 */
export async function keepTrainedModels(
  result: TrainingResult,
  deps: KeepTrainedModelsDeps,
): Promise<void> {
  if (!result.models) return;
  const last = result.epochs.at(-1);
  const kept: KeptModel[] = [
    {
      variant: 'final',
      artifacts: result.models.final,
      epoch: last?.epoch ?? result.epochsRun,
      testAccuracy: result.models.best ? (last?.testAccuracy ?? null) : result.testAccuracy,
    },
  ];
  if (result.models.best) {
    kept.push({
      variant: 'best',
      artifacts: result.models.best,
      epoch: result.bestEpoch ?? result.epochsRun,
      testAccuracy: result.testAccuracy,
    });
  }
  const latency = await deps.measureLatency(kept.at(-1)!.artifacts).catch((error: unknown) => {
    deps.logger.warn({ err: error }, 'could not measure prediction latency');
    return null;
  });
  for (const model of kept) {
    await deps.save({
      variant: model.variant,
      epoch: model.epoch,
      testAccuracy: model.testAccuracy,
      topology: model.artifacts.modelTopology as Prisma.InputJsonValue,
      weightSpecs: model.artifacts.weightSpecs as unknown as Prisma.InputJsonValue,
      weightData: new Uint8Array(model.artifacts.weightData),
      latency: latency as unknown as Prisma.InputJsonValue | null,
      backend: deps.runtime.backend,
      tfjsVersion: deps.runtime.tfjsVersion ?? null,
    });
  }
}
