import type { LayersModel } from '@tensorflow/tfjs-layers';
import type {
  ExperimentRepository,
  ModelVariant,
  TrainedModel,
  TrainedModelRepository,
  TrainedModelSummary,
} from '@lenet-lab/db';
import { InvalidRequestError, NotFoundError, StateConflictError } from '@lenet-lab/errors';
import { InvalidDigitImageError, predictDigits, type DigitPrediction } from '@lenet-lab/inference';
import { DATASET_REGISTRY, datasetOfConfig, type DatasetName } from '@lenet-lab/mnist';
import { exportLeNet5ToOnnx } from '@lenet-lab/onnx';
import { loadModelFromArtifacts } from '@lenet-lab/training';
import { ModelCache } from './model-cache';
import { modelJson } from './model-json';

export interface ModelServiceOptions {
  /** Models kept loaded for /predict. Default: 32 (LeNet-5 is ~180 KB of weights). */
  cacheSize?: number;
  /** Prepares the tensor backend before the first model is loaded (once per process). */
  ready?: () => Promise<unknown>;
}

export interface ModelServiceDeps {
  experiments: ExperimentRepository;
  models: TrainedModelRepository;
}

/** An evicted model may still be serving a request that is between two batches. */
const EVICTION_GRACE_MS = 60_000;

/**
 * The trained networks of experiments: download, prediction, export. Without a variant the
 * model the experiment reports is meant: the restored best one if there is one, else the final.
 */
export class ModelService {
  private readonly cache: ModelCache<LayersModel>;
  /** The dataset of each experiment predicted with: it names the classes and never changes. */
  private readonly datasets: ModelCache<DatasetName>;
  private ready: Promise<unknown> | undefined;

  constructor(
    private readonly deps: ModelServiceDeps,
    private readonly options: ModelServiceOptions = {},
  ) {
    this.cache = new ModelCache(options.cacheSize ?? 32, (model) =>
      setTimeout(() => model.dispose(), EVICTION_GRACE_MS).unref(),
    );
    this.datasets = new ModelCache(options.cacheSize ?? 32, () => undefined);
  }

  /**
   * The models a completed experiment kept, weights not read (404 for no such experiment, 409
   * for one that has not completed): two small queries.
   */
  async list(experimentId: string): Promise<TrainedModelSummary[]> {
    const status = await this.deps.experiments.findStatus(experimentId);
    if (!status) throw new NotFoundError('experiment', experimentId);
    if (status !== 'completed') {
      throw new StateConflictError(
        `experiment ${experimentId} is ${status}: its model is kept when it completes`,
      );
    }
    return this.deps.models.summaries([experimentId]);
  }

  /**
   * Which kept model a request means (weights not read), or an error saying why there is none,
   * so a prediction served from the cache never reads the weights again.
   */
  async find(experimentId: string, variant?: ModelVariant): Promise<TrainedModelSummary> {
    const kept = await this.list(experimentId);
    const chosen = variant ?? (kept.some((m) => m.variant === 'best') ? 'best' : 'final');
    const model = kept.find((m) => m.variant === chosen);
    if (!model) {
      throw new NotFoundError(
        `${chosen} model of experiment`,
        `${experimentId}${chosen === 'best' ? ' (early stopping restored no best weights; use variant=final)' : ''}`,
      );
    }
    return model;
  }

  async modelJson(experimentId: string, variant?: ModelVariant) {
    const [stored, dataset] = await Promise.all([
      this.find(experimentId, variant).then((model) => this.stored(model)),
      this.datasetOf(experimentId),
    ]);
    return modelJson(stored, dataset);
  }

  async weights(experimentId: string, variant?: ModelVariant): Promise<Buffer> {
    const model = await this.stored(await this.find(experimentId, variant));
    return Buffer.from(model.weightData);
  }

  /** The model as an ONNX file (input `image` NHWC, outputs `logits` and `probabilities`). */
  async onnx(experimentId: string, variant?: ModelVariant): Promise<Uint8Array> {
    const chosen = await this.find(experimentId, variant);
    const dataset = await this.datasetOf(experimentId);
    return exportLeNet5ToOnnx(await this.loaded(chosen), {
      metadata: {
        dataset,
        class_labels: DATASET_REGISTRY[dataset].classNames.join(','),
        experiment_id: chosen.experimentId,
        variant: chosen.variant,
        epoch: String(chosen.epoch),
        ...(chosen.testAccuracy === null ? {} : { test_accuracy: String(chosen.testAccuracy) }),
      },
    });
  }

  async predict(
    experimentId: string,
    images: readonly ArrayLike<number>[],
    variant?: ModelVariant,
  ): Promise<{ variant: ModelVariant; dataset: DatasetName; predictions: DigitPrediction[] }> {
    const chosen = await this.find(experimentId, variant);
    const [model, dataset] = await Promise.all([this.loaded(chosen), this.datasetOf(experimentId)]);
    try {
      return {
        variant: chosen.variant as ModelVariant,
        dataset,
        predictions: await predictDigits(model, images, DATASET_REGISTRY[dataset].classNames),
      };
    } catch (error) {
      if (error instanceof InvalidDigitImageError) throw new InvalidRequestError(error.message);
      throw error;
    }
  }

  /** The model as a LayersModel: its weights read and loaded once, then served from memory. */
  loaded(model: TrainedModelSummary): Promise<LayersModel> {
    return this.cache.get(`${model.experimentId}/${model.variant}`, async () => {
      const stored = await this.stored(model);
      this.ready ??= this.options.ready?.() ?? Promise.resolve();
      await this.ready;
      return loadModelFromArtifacts({
        modelTopology: stored.topology as object,
        weightSpecs: stored.weightSpecs as never,
        weightData: new Uint8Array(stored.weightData).buffer,
      });
    });
  }

  /** The dataset the experiment trained on, read from its config once. */
  private datasetOf(experimentId: string): Promise<DatasetName> {
    return this.datasets.get(experimentId, async () => {
      const experiment = await this.deps.experiments.findById(experimentId);
      if (!experiment) throw new NotFoundError('experiment', experimentId);
      return datasetOfConfig(experiment.config);
    });
  }

  /** The whole row, weights included. */
  private async stored(model: TrainedModelSummary): Promise<TrainedModel> {
    const stored = await this.deps.models.find(model.experimentId, model.variant as ModelVariant);
    if (!stored)
      throw new NotFoundError(`${model.variant} model of experiment`, model.experimentId);
    return stored;
  }

  close(): void {
    this.cache.clear();
    this.datasets.clear();
  }
}
