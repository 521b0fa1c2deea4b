import { UnrecoverableError, type Job } from 'bullmq';
import { experimentConfigSchema, type ExperimentConfig } from '@lenet-lab/config';
import type { ExperimentRepository, MetricRepository, Prisma } from '@lenet-lab/db';
import type { Logger } from '@lenet-lab/logger';
import type { Dataset } from '@lenet-lab/mnist/types';
import type { CancellationListener, TrainJobData, TrainJobProgress } from '@lenet-lab/queue';
import type { EpochMetrics, TrainOptions, TrainingResult } from '@lenet-lab/training';
import { estimateSecondsLeft } from './eta';
import { throttle } from './progress-throttle';

export interface TrainingProcessorDeps {
  experiments: ExperimentRepository;
  metrics: MetricRepository;
  loadDataset(config: ExperimentConfig): Promise<Dataset>;
  train(options: TrainOptions): Promise<TrainingResult>;
  runtime: { backend: string; device: string };
  cancellations: CancellationListener;
  logger: Logger;
  codeVersion?: string;
}

/** Progress goes to Redis; once a second is live enough for a dashboard. */
const PROGRESS_INTERVAL_MS = 1_000;

const TERMINAL_STATUSES = new Set(['completed', 'failed', 'cancelled']);

function isFinalAttempt(job: Job): boolean {
  return job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
}

async function recordFailure(
  experiments: ExperimentRepository,
  job: Job<TrainJobData>,
  error: Error,
) {
  const { experimentId } = job.data;
  if (error instanceof UnrecoverableError || isFinalAttempt(job)) {
    await experiments.markFailed(experimentId, error.message);
  } else {
    await experiments.markRetrying(experimentId, error.message);
  }
}

/**
 * Trains one experiment: the row in Postgres is the truth, the job only points at it. Each
 * epoch's metrics are written as the epoch ends (an upsert, so a redelivered job rewrites
 * instead of duplicating), then the summary once training ends.
 */
export function createTrainingProcessor(deps: TrainingProcessorDeps) {
  return async (job: Job<TrainJobData>): Promise<void> => {
    const { experimentId } = job.data;
    const log = deps.logger.child({ experimentId, jobId: job.id, attempt: job.attemptsMade + 1 });
    const experiment = await deps.experiments.findById(experimentId);
    if (!experiment) throw new UnrecoverableError(`experiment ${experimentId} does not exist`);
    if (TERMINAL_STATUSES.has(experiment.status)) {
      log.info({ status: experiment.status }, 'experiment already finished; nothing to do');
      return;
    }
    const parsed = experimentConfigSchema.safeParse(experiment.config);
    if (!parsed.success) {
      const reason = `stored config is invalid: ${parsed.error.message}`;
      await deps.experiments.markFailed(experimentId, reason);
      throw new UnrecoverableError(reason);
    }
    const config = parsed.data;

    try {
      await deps.experiments.markRunning(experimentId, {
        backend: deps.runtime.backend,
        device: deps.runtime.device,
        attempt: job.attemptsMade + 1,
      });
      const report = throttle(
        (p: TrainJobProgress) => void job.updateProgress(p).catch(() => {}),
        PROGRESS_INTERVAL_MS,
      );
      report(
        { phase: 'loading', epoch: 0, epochs: config.epochs, batch: 0, batches: 0, fraction: 0 },
        true,
      );

      const dataset = await deps.loadDataset(config);
      const started = Date.now();
      let lastEpoch: EpochMetrics | undefined;
      const progressAt = (epoch: number, batch: number, batches: number) => {
        const fraction = Math.min(1, (epoch - 1 + batch / Math.max(1, batches)) / config.epochs);
        return {
          epoch,
          epochs: config.epochs,
          batch,
          batches,
          fraction,
          etaSeconds: estimateSecondsLeft((Date.now() - started) / 1000, fraction),
          trainLoss: lastEpoch?.trainLoss,
          valAccuracy: lastEpoch?.valAccuracy,
          testAccuracy: lastEpoch?.testAccuracy,
        };
      };

      const cancelled = () => deps.cancellations.isCancelled(experimentId);
      const result = await deps.train({
        config,
        dataset,
        shouldStop: cancelled,
        onBatchEnd: ({ epoch, batch, batches }) =>
          report({ phase: 'training', ...progressAt(epoch, batch, batches) }),
        onEpochEnd: async (metrics) => {
          lastEpoch = metrics;
          await deps.metrics.recordEpoch({ experimentId, ...metrics });
          // The cancellation message may have been missed (a reconnect); the row is the truth.
          if ((await deps.experiments.findById(experimentId))?.status === 'cancelled') {
            deps.cancellations.markCancelled(experimentId);
          }
          report({ phase: 'evaluating', ...progressAt(metrics.epoch + 1, 0, 1) }, true);
          log.info(metrics, 'epoch done');
        },
      });

      if (result.stopReason === 'cancelled') {
        log.info({ epochsRun: result.epochsRun }, 'experiment cancelled; training stopped');
        return;
      }
      await deps.experiments.markCompleted(experimentId, {
        testAccuracy: result.testAccuracy,
        bestValAccuracy: result.bestValAccuracy,
        bestEpoch: result.bestEpoch,
        epochsRun: result.epochsRun,
        stoppedEarly: result.stoppedEarly,
        datasetSha256: dataset.sha256,
        codeVersion: deps.codeVersion,
        // Plain numbers and arrays: JSON-safe, though TypeScript cannot see it through the interfaces.
        result: {
          confusionMatrix: result.confusionMatrix,
          misclassified: result.misclassified,
        } as unknown as Prisma.InputJsonValue,
      });
      report({ phase: 'done', ...progressAt(result.epochsRun, 1, 1), fraction: 1 }, true);
      log.info(
        { testAccuracy: result.testAccuracy, epochsRun: result.epochsRun },
        'experiment completed',
      );
    } catch (error) {
      if ((await deps.experiments.findById(experimentId))?.status === 'cancelled') {
        log.info('experiment cancelled while training; not retried');
        return;
      }
      log.error({ err: error }, 'training failed');
      await recordFailure(deps.experiments, job, error as Error).catch((recordError) =>
        // The experiment may have been cancelled meanwhile; the training error is what matters.
        log.warn({ err: recordError }, 'could not record the failure'),
      );
      throw error;
    } finally {
      deps.cancellations.forget(experimentId);
    }
  };
}
