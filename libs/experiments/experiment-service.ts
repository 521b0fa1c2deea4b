import { configHash, resolveConfig } from '@lenet-lab/config';
import {
  isLiveStatus,
  type ExperimentRepository,
  type ExperimentStatus,
  type IdempotencyRepository,
} from '@lenet-lab/db';
import { NotFoundError, StateConflictError } from '@lenet-lab/errors';
import { createAndEnqueue, IDEMPOTENCY_SCOPES } from '@lenet-lab/idempotency';
import type { Redis } from 'ioredis';
import type { LiveEventPublisher } from '@lenet-lab/events';
import {
  enqueueTraining,
  publishCancellation,
  readTrainingJobs,
  whenQueueConnected,
  type TrainingQueue,
} from '@lenet-lab/queue';

/** Why a running experiment shows as retrying before any worker has said so. */
export const WORKER_LOST =
  "its worker stopped renewing the job's lock (it died, froze or lost Redis); another worker " +
  'will resume it from its last checkpoint';

export interface SubmitExperimentInput {
  preset?: string;
  config?: Record<string, unknown>;
  name?: string;
}

export interface ExperimentServiceDeps {
  experiments: ExperimentRepository;
  /** Clients' Idempotency-Keys, written with the experiment they created. */
  idempotency: IdempotencyRepository;
  /** How long a key is remembered. Default: forever. */
  idempotencyTtlMs?: number;
  trainingQueue: TrainingQueue;
  /** For cancellation messages to the workers. */
  redis: Redis;
  queuePrefix: string;
  /** Where watchers hear of a cancellation; none when not given. */
  events?: LiveEventPublisher;
}

/** Submitting, reading and listing experiments: the API's logic, free of HTTP. */
export class ExperimentService {
  constructor(private readonly deps: ExperimentServiceDeps) {}

  /**
   * Validates first (a bad config writes and enqueues nothing), then writes the row, then
   * enqueues. If Redis refuses the job the row is removed again, so no experiment sits
   * "queued" with no job behind it. With an idempotency key the key is written in the row's
   * transaction: the same key and request again answer with that experiment (`replayed`),
   * writing and enqueueing nothing; the key with another request is refused.
   */
  async submit(input: SubmitExperimentInput, idempotencyKey?: string) {
    const config = resolveConfig({ preset: input.preset, overrides: input.config });
    const fields = {
      name: input.name ?? `${input.preset ?? 'custom'}-seed${config.seed}`,
      preset: input.preset ?? null,
      config,
      configHash: configHash(config),
      seed: config.seed,
      queuePrefix: this.deps.queuePrefix,
    };
    const outcome = await createAndEnqueue({
      keys: this.deps.idempotency,
      ttlMs: this.deps.idempotencyTtlMs,
      scope: IDEMPOTENCY_SCOPES.experiments,
      key: idempotencyKey,
      request: input,
      create: (claim) => this.deps.experiments.create(fields, claim),
      enqueue: (experiment) => enqueueTraining(this.deps.trainingQueue, experiment.id),
      undo: async (experiment) => {
        await this.deps.experiments.delete(experiment.id);
      },
    });
    // A replay enqueues nothing: the first request did, and a finished job must not run again.
    const id = outcome.replayed ? outcome.resourceId : outcome.created.id;
    return { experiment: await this.get(id), replayed: outcome.replayed };
  }

  /**
   * The experiment with its job's live progress. A running experiment whose job's lock has
   * expired is shown `retrying` at once, with why: its worker is gone, and the job waits for
   * another (the stored status follows when a worker's stalled-job check notices).
   */
  async get(id: string) {
    const experiment = await this.deps.experiments.findById(id);
    if (!experiment) throw new NotFoundError('experiment', id);
    const job = await this.jobOf(experiment);
    if (experiment.status === 'running' && job?.lockLost) {
      return {
        ...experiment,
        status: 'retrying' as const,
        error: WORKER_LOST,
        progress: job.progress,
      };
    }
    return { ...experiment, progress: job?.progress ?? null };
  }

  /** The job's live state while the experiment is unfinished; Redis being down is not an error here. */
  private async jobOf(experiment: { id: string; status: ExperimentStatus }) {
    if (!isLiveStatus(experiment.status)) return null;
    try {
      return (
        (await readTrainingJobs(this.deps.trainingQueue, [experiment.id])).get(experiment.id) ??
        null
      );
    } catch {
      return null;
    }
  }

  /**
   * Cancels an unfinished experiment. The status is written first (it is what every worker and
   * report trusts); then a queued job is removed, and a running one is told to stop at its next
   * batch. Cancelling a finished experiment is a conflict, not a silent success.
   */
  async cancel(id: string) {
    const experiment = await this.get(id);
    if (experiment.status === 'cancelled') return experiment;
    if (!isLiveStatus(experiment.status)) {
      throw new StateConflictError(`experiment ${id} is already ${experiment.status}`);
    }
    await this.deps.experiments.markCancelled(id);
    await this.stopJob(id);
    const cancelled = await this.get(id);
    await this.deps.events?.publishStatus(cancelled);
    return cancelled;
  }

  /** Best effort: the status already says cancelled, and a worker skips cancelled experiments. */
  async stopJob(id: string) {
    try {
      await whenQueueConnected(this.deps.trainingQueue);
      const job = await this.deps.trainingQueue.getJob(id);
      // A job in a flow stays, so its parent report job still sees it finish; a worker skips it.
      if (job && !job.parent && (await job.isWaiting())) await job.remove();
      await publishCancellation(this.deps.redis, this.deps.queuePrefix, id);
    } catch {
      // Redis down: the worker checks the status at every epoch end as well.
    }
  }

  list(filter: { status?: ExperimentStatus; limit: number; offset: number }) {
    return this.deps.experiments.list(filter);
  }
}
