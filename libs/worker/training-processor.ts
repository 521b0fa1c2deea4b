import { UnrecoverableError, WaitingError, type Job } from 'bullmq';
import { experimentConfigSchema, type ExperimentConfig } from '@lenet-lab/config';
import {
  ExperimentNotRunningError,
  retryTransient,
  StaleAttemptError,
  type CheckpointRepository,
  type Experiment,
  type ExperimentOwner,
  type ExperimentRepository,
  type Prisma,
  type RunningDetails,
  isTerminalStatus,
} from '@lenet-lab/db';
import type { PredictionLatency } from '@lenet-lab/inference';
import type { Logger } from '@lenet-lab/logger';
import type { Dataset } from '@lenet-lab/mnist/types';
import {
  payloadProblem,
  trainJobDataSchema,
  type CancellationListener,
  type TrainJobData,
  type TrainJobProgress,
} from '@lenet-lab/queue';
import {
  InvalidTrainingSetupError,
  type EpochMetrics,
  type LayersModelArtifacts,
  type TrainingCheckpoint,
  type TrainingResult,
  type TrainOptions,
} from '@lenet-lab/training';
import { decodeCheckpoint, encodeCheckpoint } from './checkpoint-codec';
import { estimateSecondsLeft } from './eta';
import { keepTrainedModels } from './keep-trained-models';
import { throttle } from './progress-throttle';

export interface TrainingProcessorDeps {
  /** Reads experiments; status changes of a run go through its owner. */
  experiments: ExperimentRepository;
  /** Marks an experiment running as a new attempt: every later write goes through the owner. */
  claim(
    experimentId: string,
    details: RunningDetails,
  ): Promise<{ owner: ExperimentOwner; experiment: Experiment }>;
  checkpoints: CheckpointRepository;
  /** Whether this worker has lost a job's lock (see JobLeases); never, when not given. */
  leaseLost?(jobId: string): boolean;
  /** Times predictions with a trained model on this process's backend. */
  measureLatency(artifacts: LayersModelArtifacts): Promise<PredictionLatency[]>;
  loadDataset(config: ExperimentConfig): Promise<Dataset>;
  train(options: TrainOptions & { resumeFrom?: TrainingCheckpoint }): Promise<TrainingResult>;
  runtime: { backend: string; device: string; tfjsVersion?: string };
  cancellations: CancellationListener;
  /** True once the process is shutting down: running jobs stop and go back to the queue. */
  isShuttingDown(): boolean;
  logger: Logger;
  codeVersion?: string;
}

/** What a finished job returns; Bull Board shows it. */
export interface TrainJobResult {
  /** 'lost': another attempt owns the experiment now; this one stopped and wrote nothing more. */
  outcome: 'completed' | 'cancelled' | 'skipped' | 'lost';
  testAccuracy?: number | null;
  epochsRun?: number;
}

/** Progress goes to Redis; once a second is live enough for a dashboard. */
const PROGRESS_INTERVAL_MS = 1_000;

/** The job's lock expired or was refused: another worker may own the experiment by now. */
class LeaseLostError extends Error {
  constructor(experimentId: string) {
    super(`lost the lock on experiment ${experimentId}'s job`);
    this.name = 'LeaseLostError';
  }
}

/**
 * Why this attempt no longer owns the experiment, if that is what `error` says: 'cancelled',
 * a reason for the log, or null (a real failure).
 */
function lostOwnership(error: unknown, leaseLost: boolean): 'cancelled' | string | null {
  if (error instanceof ExperimentNotRunningError) {
    return error.status === 'cancelled' ? 'cancelled' : `the experiment is ${error.status}`;
  }
  if (error instanceof StaleAttemptError) return `attempt ${error.currentAttempt} owns it now`;
  if (error instanceof LeaseLostError || leaseLost) return 'the job lock expired or was taken';
  return null;
}

function isFinalAttempt(job: Job): boolean {
  return job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
}

/**
 * Trains one experiment: the row in Postgres is the truth, the job only points at it. After
 * each epoch its metrics (an upsert, so a redelivered epoch rewrites instead of duplicating)
 * and then a checkpoint are written, retried through database outages; a redelivered job
 * resumes from the checkpoint, so a crash costs at most the epoch it interrupted.
 */
export function createTrainingProcessor(deps: TrainingProcessorDeps) {
  const write = <T>(work: () => Promise<T>, log: Logger) =>
    retryTransient(work, {
      onRetry: (error, attempt) =>
        log.warn({ err: error, attempt }, 'database unavailable; retrying the write'),
    });

  return async (job: Job<TrainJobData>, token?: string): Promise<TrainJobResult> => {
    const problem = payloadProblem(trainJobDataSchema, job.data);
    if (problem) throw new UnrecoverableError(`job ${job.id} is not a training job (${problem})`);
    const { experimentId } = job.data;
    const log = deps.logger.child({ experimentId, jobId: job.id, attempt: job.attemptsStarted });
    const experiment = await write(() => deps.experiments.findById(experimentId), log);
    if (!experiment) throw new UnrecoverableError(`experiment ${experimentId} does not exist`);
    if (isTerminalStatus(experiment.status)) {
      log.info({ status: experiment.status }, 'experiment already finished; nothing to do');
      return { outcome: 'skipped' };
    }
    const parsed = experimentConfigSchema.safeParse(experiment.config);
    if (!parsed.success) {
      const reason = `stored config is invalid: ${parsed.error.message}`;
      await deps.experiments.markFailed(experimentId, reason);
      throw new UnrecoverableError(reason);
    }
    const config = parsed.data;
    const cancelled = () => deps.cancellations.isCancelled(experimentId);
    const leaseLost = () => deps.leaseLost?.(String(job.id)) ?? false;
    let owner: ExperimentOwner | undefined;

    try {
      ({ owner } = await write(
        () =>
          deps.claim(experimentId, { backend: deps.runtime.backend, device: deps.runtime.device }),
        log,
      ));
      const claimed = owner;
      log.info({ attempt: claimed.attempt }, 'experiment claimed');
      const report = throttle(
        (p: TrainJobProgress) => void job.updateProgress(p).catch(() => {}),
        PROGRESS_INTERVAL_MS,
      );
      report(
        { phase: 'loading', epoch: 0, epochs: config.epochs, batch: 0, batches: 0, fraction: 0 },
        true,
      );

      const dataset = await deps.loadDataset(config);
      const stored = await write(() => deps.checkpoints.find(experimentId), log);
      const resumeFrom = stored
        ? decodeCheckpoint(stored.state as never, stored.tensors)
        : undefined;
      if (resumeFrom) log.info({ fromEpoch: stored!.epoch }, 'resuming from checkpoint');

      const started = Date.now();
      const startFraction = (stored?.epoch ?? 0) / config.epochs;
      let lastEpoch: EpochMetrics | undefined = resumeFrom?.state.history.at(-1);
      let firstBatchAt: string | undefined;
      const progressAt = (epoch: number, batch: number, batches: number) => {
        const fraction = Math.min(1, (epoch - 1 + batch / Math.max(1, batches)) / config.epochs);
        return {
          epoch,
          epochs: config.epochs,
          batch,
          batches,
          fraction,
          etaSeconds: estimateSecondsLeft(
            (Date.now() - started) / 1000,
            (fraction - startFraction) / Math.max(1e-9, 1 - startFraction),
          ),
          trainLoss: lastEpoch?.trainLoss,
          valAccuracy: lastEpoch?.valAccuracy,
          testAccuracy: lastEpoch?.testAccuracy,
          // Kept in every later report, so a watcher that polls slowly still sees it.
          firstBatchAt,
        };
      };

      const result = await deps.train({
        config,
        dataset,
        resumeFrom,
        shouldStop: () => cancelled() || deps.isShuttingDown() || leaseLost(),
        onBatchEnd: ({ epoch, batch, batches }) => {
          const first = firstBatchAt === undefined;
          firstBatchAt ??= new Date().toISOString();
          report({ phase: 'training', ...progressAt(epoch, batch, batches) }, first);
        },
        onEpochEnd: async (metrics, context) => {
          // A worker that was frozen through its lock's expiry writes nothing, even when its
          // successor has not claimed the experiment yet (the fence would refuse it then).
          if (leaseLost()) throw new LeaseLostError(experimentId);
          lastEpoch = metrics;
          await write(() => claimed.recordEpoch(metrics), log);
          const checkpoint = encodeCheckpoint(await context.checkpoint());
          await write(
            () =>
              claimed.saveCheckpoint({
                epoch: checkpoint.epoch,
                state: JSON.parse(JSON.stringify(checkpoint.state)) as Prisma.InputJsonValue,
                tensors: checkpoint.tensors,
              }),
            log,
          );
          // The cancellation message may have been missed (a reconnect); the row is the truth.
          const status = await write(() => deps.experiments.findStatus(experimentId), log);
          if (status === 'cancelled') deps.cancellations.markCancelled(experimentId);
          report({ phase: 'evaluating', ...progressAt(metrics.epoch + 1, 0, 1) }, true);
          log.info(metrics, 'epoch done');
        },
      });

      if (result.stopReason === 'cancelled') {
        if (leaseLost()) throw new LeaseLostError(experimentId);
        if (!cancelled() && deps.isShuttingDown()) {
          // Not cancelled: this process is stopping. Hand the job back for another worker,
          // which resumes from the last checkpoint.
          await write(() => claimed.retry('worker shut down; job requeued'), log);
          await job.moveToWait(token);
          log.info({ epochsRun: result.epochsRun }, 'shutting down; job returned to the queue');
          throw new WaitingError();
        }
        log.info({ epochsRun: result.epochsRun }, 'experiment cancelled; training stopped');
        return { outcome: 'cancelled', epochsRun: result.epochsRun };
      }
      // The model first: a completed experiment always has one. A crash in between redelivers
      // the job, which resumes after its last epoch and writes both again.
      await keepTrainedModels(result, {
        save: (model) => write(() => claimed.saveModel(model), log),
        measureLatency: deps.measureLatency,
        runtime: deps.runtime,
        logger: log,
      });
      // Completed and the checkpoint dropped in one fenced transaction: until then a
      // redelivered job resumes from it.
      await write(
        () =>
          claimed.complete({
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
          }),
        log,
      );
      report({ phase: 'done', ...progressAt(result.epochsRun, 1, 1), fraction: 1 }, true);
      log.info(
        { testAccuracy: result.testAccuracy, epochsRun: result.epochsRun },
        'experiment completed',
      );
      return {
        outcome: 'completed',
        testAccuracy: result.testAccuracy,
        epochsRun: result.epochsRun,
      };
    } catch (error) {
      if (error instanceof WaitingError) throw error;
      const lost = lostOwnership(error, leaseLost());
      if (lost === 'cancelled') {
        log.info('experiment cancelled while training; not retried');
        return { outcome: 'cancelled' };
      }
      if (lost) {
        // Logged once, here; the job's lock is someone else's, so BullMQ cannot record an
        // outcome for it (see the worker's error filter).
        log.warn(
          { reason: lost },
          'lost the experiment to another attempt; stopped, wrote nothing more',
        );
        return { outcome: 'lost' };
      }
      const status = await deps.experiments.findStatus(experimentId).catch(() => null);
      if (status === 'cancelled') {
        log.info('experiment cancelled while training; not retried');
        return { outcome: 'cancelled' };
      }
      log.error({ err: error }, 'training failed');
      // A config and data that cannot make a run fail the same way on every attempt.
      const unrecoverable =
        error instanceof UnrecoverableError || error instanceof InvalidTrainingSetupError;
      const final = unrecoverable || isFinalAttempt(job);
      const reason = (error as Error).message;
      // Before it is claimed, the experiment is not this attempt's to change.
      await (owner ? (final ? owner.fail(reason) : owner.retry(reason)) : Promise.resolve()).catch(
        (recordError) => log.warn({ err: recordError }, 'could not record the failure'),
      );
      if (unrecoverable && !(error instanceof UnrecoverableError)) {
        throw new UnrecoverableError(reason);
      }
      throw error;
    } finally {
      deps.cancellations.forget(experimentId);
    }
  };
}
