import type { ExperimentOwner, ExperimentSummary, Prisma } from '@lenet-lab/db';
import type { Logger } from '@lenet-lab/logger';
import type { Dataset } from '@lenet-lab/mnist';
import type { TrainingResult } from '@lenet-lab/training';
import { keepTrainedModels, type KeepTrainedModelsDeps } from '../keep-trained-models';
import type { DatabaseRetry } from './database-retry';
import type { TrainJobResult } from './train-job-result';

export interface CompleteExperimentDeps {
  /** The attempt that claimed the experiment: each of its writes is fenced by that attempt. */
  owner: Pick<ExperimentOwner, 'saveModel' | 'complete'>;
  measureLatency: KeepTrainedModelsDeps['measureLatency'];
  runtime: KeepTrainedModelsDeps['runtime'];
  /** The code that trained it, stored with the result. */
  codeVersion?: string;
  db: DatabaseRetry;
  log: Logger;
}

/** What a completed experiment's row keeps of its run. */
export function completionSummary(
  result: TrainingResult,
  dataset: Pick<Dataset, 'sha256'>,
  codeVersion?: string,
): ExperimentSummary {
  return {
    testAccuracy: result.testAccuracy,
    bestValAccuracy: result.bestValAccuracy,
    bestEpoch: result.bestEpoch,
    epochsRun: result.epochsRun,
    stoppedEarly: result.stoppedEarly,
    datasetSha256: dataset.sha256,
    codeVersion,
    // Plain numbers and arrays: JSON-safe, though TypeScript cannot see it through the interfaces.
    result: {
      confusionMatrix: result.confusionMatrix,
      misclassified: result.misclassified,
    } as unknown as Prisma.InputJsonValue,
  };
}

/**
 * Finishes a run that trained to its end: keeps its trained models, then marks the experiment
 * completed. The models go first, so a completed experiment always has one; a crash in between
 * redelivers the job, which resumes after its last epoch and writes both again. Completing drops
 * the checkpoint in the same fenced transaction: until then a redelivered job resumes from it.
 */
export async function completeExperiment(
  result: TrainingResult,
  dataset: Pick<Dataset, 'sha256'>,
  deps: CompleteExperimentDeps,
): Promise<TrainJobResult> {
  const { owner, db, log } = deps;
  await keepTrainedModels(result, {
    save: (model) => db.write(() => owner.saveModel(model)),
    measureLatency: deps.measureLatency,
    runtime: deps.runtime,
    logger: log,
  });
  await db.write(() => owner.complete(completionSummary(result, dataset, deps.codeVersion)));
  log.info(
    { testAccuracy: result.testAccuracy, epochsRun: result.epochsRun },
    'experiment completed',
  );
  return { outcome: 'completed', testAccuracy: result.testAccuracy, epochsRun: result.epochsRun };
}
