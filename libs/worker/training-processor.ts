import { UnrecoverableError, type Job } from 'bullmq';
import type { ExperimentConfig } from '@lenet-lab/config';
import type {
  CheckpointRepository,
  Experiment,
  ExperimentOwner,
  ExperimentRepository,
  RunningDetails,
} from '@lenet-lab/db';
import type { PredictionLatency } from '@lenet-lab/inference';
import type { LiveEventPublisher, EventTarget, LiveEvent } from '@lenet-lab/events';
import type { Logger } from '@lenet-lab/logger';
import type { Dataset } from '@lenet-lab/mnist';
import {
  payloadProblem,
  trainJobDataSchema,
  type CancellationListener,
  type TrainJobData,
  type TrainJobProgress,
} from '@lenet-lab/queue';
import type {
  LayersModelArtifacts,
  TrainingCheckpoint,
  TrainingResult,
  TrainOptions,
} from '@lenet-lab/training';
import {
  catchUpOnCancellation,
  completeExperiment,
  databaseRetry,
  endStoppedTraining,
  experimentToTrain,
  findResumePoint,
  handleTrainingFailure,
  persistEpoch,
  ProgressReporter,
  shouldStop,
  type StopSignals,
  type TrainJobResult,
} from './training-steps';

export type { TrainJobResult } from './training-steps';

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
  /** Where watchers of the experiment (and its ablation) hear of it; none when not given. */
  events?: LiveEventPublisher;
}

/**
 * Trains one experiment: the row in Postgres is the truth, the job only points at it. The
 * attempt claims the experiment, resumes from its checkpoint if an earlier attempt left one,
 * stores each epoch as it ends, and completes it; every database call is retried through
 * outages, every write fenced by the attempt (see training-steps/ for each step).
 */
export function createTrainingProcessor(deps: TrainingProcessorDeps) {
  return async (job: Job<TrainJobData>, token?: string): Promise<TrainJobResult> => {
    const problem = payloadProblem(trainJobDataSchema, job.data);
    if (problem) throw new UnrecoverableError(`job ${job.id} is not a training job (${problem})`);
    const { experimentId } = job.data;
    const log = deps.logger.child({ experimentId, jobId: job.id, attempt: job.attemptsStarted });
    const db = databaseRetry(log);
    const publishRowStatus = async () => {
      const row = deps.events && (await deps.experiments.findById(experimentId).catch(() => null));
      if (row) void deps.events?.publishStatus(row);
    };
    // A stored config no worker can train fails the experiment here: watchers hear of it too.
    const config = await experimentToTrain(experimentId, {
      experiments: deps.experiments,
      db,
      log,
    }).catch(async (error: unknown) => {
      await publishRowStatus();
      throw error;
    });
    if (!config) return { outcome: 'skipped' };
    const signals: StopSignals = {
      cancelled: () => deps.cancellations.isCancelled(experimentId),
      shuttingDown: () => deps.isShuttingDown(),
      leaseLost: () => deps.leaseLost?.(String(job.id)) ?? false,
    };
    let owner: ExperimentOwner | undefined;
    // Events never hold training up: each is sent without waiting, and a failed one is dropped.
    let target: EventTarget | undefined;
    const publish = (event: LiveEvent) => {
      if (deps.events && target) void deps.events.publish(target, event);
    };

    try {
      let experiment: Experiment;
      ({ owner, experiment } = await db.write(() =>
        deps.claim(experimentId, { backend: deps.runtime.backend, device: deps.runtime.device }),
      ));
      const claimed = owner;
      target = { experimentId, ablationId: experiment.ablationId };
      log.info({ attempt: claimed.attempt }, 'experiment claimed');
      void deps.events?.publishStatus(experiment);
      const sink = {
        updateProgress: (report: TrainJobProgress) => {
          publish({ type: 'progress', experimentId, progress: report });
          return job.updateProgress(report);
        },
      };
      const progress = new ProgressReporter(sink, { epochs: config.epochs });
      progress.loading();

      const dataset = await deps.loadDataset(config);
      const resumePoint = await findResumePoint(experimentId, {
        checkpoints: deps.checkpoints,
        db,
        log,
      });
      const resumeFrom = resumePoint?.checkpoint;
      progress.trainingStarts(resumePoint?.epoch ?? 0, resumeFrom?.state.history.at(-1));

      const result = await deps.train({
        config,
        dataset,
        resumeFrom,
        shouldStop: () => shouldStop(signals),
        onBatchEnd: ({ epoch, batch, batches }) => progress.batchEnded({ epoch, batch, batches }),
        onEpochEnd: async (metrics, context) => {
          await persistEpoch(metrics, context.checkpoint, {
            owner: claimed,
            leaseLost: signals.leaseLost,
            db,
          });
          publish({
            type: 'epoch',
            experimentId,
            metric: { ...metrics, attempt: claimed.attempt },
          });
          await catchUpOnCancellation(experimentId, {
            experiments: deps.experiments,
            cancellations: deps.cancellations,
            db,
          });
          progress.epochEnded(metrics);
          log.info(metrics, 'epoch done');
        },
      });

      if (result.stopReason === 'cancelled') {
        return await endStoppedTraining(result.epochsRun, {
          signals,
          owner: claimed,
          job,
          token,
          db,
          log,
        });
      }
      const completed = await completeExperiment(result, dataset, {
        owner: claimed,
        measureLatency: deps.measureLatency,
        runtime: deps.runtime,
        codeVersion: deps.codeVersion,
        db,
        log,
      });
      progress.done(result.epochsRun);
      return completed;
    } catch (error) {
      return await handleTrainingFailure(error, {
        experimentId,
        job,
        owner,
        experiments: deps.experiments,
        leaseLost: signals.leaseLost,
        log,
      });
    } finally {
      deps.cancellations.forget(experimentId);
      // However the attempt ended, watchers hear the status the row now holds.
      if (target) await publishRowStatus();
    }
  };
}
