import { configHash, resolveConfig } from '@lenet-lab/config';
import type { ExperimentRepository } from '@lenet-lab/db';
import { NotFoundError, ServiceUnavailableError } from '@lenet-lab/http';
import { enqueueTraining, readTrainingProgress, type TrainingQueue } from '@lenet-lab/queue';
import type { ExperimentStatus } from '@lenet-lab/db';

const LIVE_STATUSES = new Set(['queued', 'running', 'retrying']);

export interface SubmitExperimentInput {
  preset?: string;
  config?: Record<string, unknown>;
  name?: string;
}

export interface ExperimentServiceDeps {
  experiments: ExperimentRepository;
  trainingQueue: TrainingQueue;
}

/** Submitting, reading and listing experiments: the API's logic, free of HTTP. */
export class ExperimentService {
  constructor(private readonly deps: ExperimentServiceDeps) {}

  /**
   * Validates first (a bad config writes and enqueues nothing), then writes the row, then
   * enqueues. If Redis refuses the job the row is removed again, so no experiment sits
   * "queued" with no job behind it.
   */
  async submit(input: SubmitExperimentInput) {
    const config = resolveConfig({ preset: input.preset, overrides: input.config });
    const experiment = await this.deps.experiments.create({
      name: input.name ?? `${input.preset ?? 'custom'}-seed${config.seed}`,
      preset: input.preset ?? null,
      config,
      configHash: configHash(config),
      seed: config.seed,
    });
    try {
      await enqueueTraining(this.deps.trainingQueue, experiment.id);
    } catch (error) {
      await this.deps.experiments.delete(experiment.id);
      throw new ServiceUnavailableError(
        `the job queue is unavailable, nothing was submitted (${(error as Error).message})`,
      );
    }
    return this.get(experiment.id);
  }

  async get(id: string) {
    const experiment = await this.deps.experiments.findById(id);
    if (!experiment) throw new NotFoundError('experiment', id);
    return { ...experiment, progress: await this.progressOf(experiment) };
  }

  /** Live progress from the job while the experiment is unfinished; Redis being down is not an error here. */
  async progressOf(experiment: { id: string; status: string }) {
    if (!LIVE_STATUSES.has(experiment.status)) return null;
    try {
      const progress = await readTrainingProgress(this.deps.trainingQueue, [experiment.id]);
      return progress.get(experiment.id) ?? null;
    } catch {
      return null;
    }
  }

  list(filter: { status?: ExperimentStatus; limit: number; offset: number }) {
    return this.deps.experiments.list(filter);
  }
}
