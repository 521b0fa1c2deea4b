import type { ExperimentConfig } from '@lenet-lab/config';
import type { EpochMetric, Experiment } from '@lenet-lab/contract';
import type { EpochMetric as EpochMetricRow, Experiment as ExperimentRow } from '@lenet-lab/db';
import { experimentPath, modelPaths } from '@lenet-lab/models';
import type { TrainJobProgress } from '@lenet-lab/queue';

/** The public shape of an experiment: accuracies as fractions 0–1, metrics ordered by epoch. */
export function toExperimentView(
  experiment: ExperimentRow & { metrics?: EpochMetricRow[]; progress?: TrainJobProgress | null },
): Experiment {
  return {
    id: experiment.id,
    name: experiment.name,
    preset: experiment.preset,
    status: experiment.status,
    // Stored as the submission resolved and validated it.
    config: experiment.config as ExperimentConfig,
    configHash: experiment.configHash,
    seed: experiment.seed,
    backend: experiment.backend,
    device: experiment.device,
    attempts: experiment.attempts,
    error: experiment.error,
    testAccuracy: experiment.testAccuracy,
    bestValAccuracy: experiment.bestValAccuracy,
    bestEpoch: experiment.bestEpoch,
    epochsRun: experiment.epochsRun,
    stoppedEarly: experiment.stoppedEarly,
    createdAt: experiment.createdAt.toISOString(),
    startedAt: experiment.startedAt?.toISOString() ?? null,
    finishedAt: experiment.finishedAt?.toISOString() ?? null,
    ...(experiment.progress !== undefined && { progress: experiment.progress }),
    // A completed experiment has kept its model: say where it is.
    ...(experiment.status === 'completed' && {
      links: experimentLinks(experiment.id),
    }),
    ...(experiment.metrics && { metrics: experiment.metrics.map(toMetricView) }),
  };
}

/** The reported model's paths; `model` is model.json (the API's name for it since the start). */
function experimentLinks(experimentId: string) {
  const { models, tfjs, onnx, predict } = modelPaths(experimentPath(experimentId));
  return { models, model: tfjs, onnx, predict };
}

export function toMetricView(metric: EpochMetricRow): EpochMetric {
  return {
    epoch: metric.epoch,
    trainLoss: metric.trainLoss,
    trainAccuracy: metric.trainAccuracy,
    valLoss: metric.valLoss,
    valAccuracy: metric.valAccuracy,
    testLoss: metric.testLoss,
    testAccuracy: metric.testAccuracy,
    learningRate: metric.learningRate,
    epochSeconds: metric.epochSeconds,
    imagesPerSecond: metric.imagesPerSecond,
    attempt: metric.attempt,
  };
}
