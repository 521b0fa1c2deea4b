import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { ExperimentConfig } from '@lenet-lab/config';
import { affineTransformInto, sampleAffineParams } from './augmentation';
import { initBackend, type BackendInfo } from './backend';
import { BatchBuilder, type ImageAugmenter } from './batch-builder';
import { captureCheckpoint, restoreCheckpoint } from './checkpoint';
import { splitDataset, type TrainingSplits } from './data-split';
import { updateEarlyStopping } from './early-stopping';
import { InvalidTrainingSetupError } from './errors';
import { evaluate, type Evaluation } from './evaluate';
import { confusionMatrix, listMisclassified } from './evaluation-summary';
import { lrForEpoch } from './lr-schedule';
import { fusedStepApplies } from './fused-step-applies';
import { createLeNet5, lenet5Options } from './model';
import { captureModelArtifacts } from './model-artifacts';
import { createOptimizer, disposeOptimizer, setLearningRate } from './optimizer';
import { setDropoutStep } from './seeded-dropout';
import { SeededRandom, shuffleInPlace } from './seeded-random';
import { TFJS_EPOCH_RUNNER, type EpochRunner } from './train-epoch';
import { createWebgpuEpochRunner } from './webgpu';
import { copyTrainingState, initialTrainingState, type TrainingState } from './training-state';
import type {
  EpochMetrics,
  StopReason,
  TrainedModels,
  TrainingResult,
  TrainOptions,
} from './types';

export const DEFAULT_BATCH_PROGRESS_INTERVAL = 50;
export const DEFAULT_MISCLASSIFIED_LIMIT = 100;
export const DEFAULT_EVALUATION_BATCH_SIZE = 1000;

/** The run's mutable parts, in one place (a checkpoint is this plus the tensors' values). */
interface Session {
  config: ExperimentConfig;
  splits: TrainingSplits;
  model: LayersModel;
  optimizer: tf.Optimizer;
  variables: tf.Variable[];
  trainBuilder: BatchBuilder;
  evalBuilder: BatchBuilder;
  state: TrainingState;
  /** webgpu's fused LeNet-5 step where it applies, else tfjs's ops. */
  epochRunner: EpochRunner;
  /** Weights of the best-validation epoch, kept only when restoreBest. */
  bestWeights: tf.Tensor[] | null;
  lastTest: Evaluation | null;
}

/**
 * Trains LeNet-5 on `dataset` as `config` says and evaluates it: per-epoch metrics through
 * onEpochEnd (awaited), a final test evaluation, the confusion matrix and the worst mistakes.
 */
export async function train(options: TrainOptions): Promise<TrainingResult> {
  const backend = await initBackend({ backend: options.backend });
  const session = await openSession(options);
  try {
    const stopReason = await runEpochs(session, options);
    return await summarise(session, stopReason, backend, options);
  } finally {
    closeSession(session);
  }
}

async function openSession(options: TrainOptions): Promise<Session> {
  const { config } = options;
  const splits = splitDataset(options.dataset, config);
  if (config.earlyStopping.enabled && !splits.validation) {
    throw new InvalidTrainingSetupError(
      'early stopping needs a validation set (validationSplit > 0)',
    );
  }
  const model = createLeNet5(lenet5Options(config));
  const optimizer = createOptimizer(config.optimizer);
  const session: Session = {
    config,
    splits,
    model,
    optimizer,
    variables: model.trainableWeights.map((weight) => weight.read() as tf.Variable),
    trainBuilder: new BatchBuilder(config.batchSize),
    evalBuilder: new BatchBuilder(options.evaluationBatchSize ?? DEFAULT_EVALUATION_BATCH_SIZE),
    state: initialTrainingState(config.seed),
    epochRunner: TFJS_EPOCH_RUNNER,
    bestWeights: null,
    lastTest: null,
  };
  try {
    // The fused step is the seed's network and SGD, nothing else: other configs take tfjs's ops.
    if (fusedStepApplies(config)) {
      session.epochRunner =
        (await createWebgpuEpochRunner(model, optimizer, config.batchSize)) ?? TFJS_EPOCH_RUNNER;
    }
    if (options.resumeFrom) {
      session.bestWeights = await restoreCheckpoint(model, optimizer, options.resumeFrom);
      setDropoutStep(model, options.resumeFrom.iterations);
      session.state = copyTrainingState(options.resumeFrom.state);
    }
  } catch (error) {
    closeSession(session);
    throw error;
  }
  return session;
}

function closeSession(session: Session): void {
  session.epochRunner.dispose();
  session.model.dispose();
  disposeOptimizer(session.optimizer);
  if (session.bestWeights) tf.dispose(session.bestWeights);
}

async function runEpochs(session: Session, options: TrainOptions): Promise<StopReason> {
  const { config, splits, state } = session;
  const order = new Int32Array(splits.train.count);
  while (state.epochsCompleted < config.epochs) {
    const epoch = state.epochsCompleted + 1;
    const learningRate = lrForEpoch(config, epoch);
    setLearningRate(session.optimizer, learningRate);

    // Fresh permutation from the stored PRNG state: an epoch's order depends on nothing else.
    const shuffleRandom = new SeededRandom(state.shuffleRandomState);
    for (let i = 0; i < order.length; i++) order[i] = i;
    shuffleInPlace(order, shuffleRandom);
    const augmentRandom = new SeededRandom(state.augmentationRandomState);

    const run = await session.epochRunner.run({
      model: session.model,
      optimizer: session.optimizer,
      variables: session.variables,
      train: splits.train,
      order,
      builder: session.trainBuilder,
      augment: config.augmentation.enabled ? augmenter(config, augmentRandom) : undefined,
      weightDecay: config.optimizer.weightDecay,
      epoch,
      onBatchEnd: options.onBatchEnd,
      batchProgressInterval: options.batchProgressInterval ?? DEFAULT_BATCH_PROGRESS_INTERVAL,
      shouldStop: options.shouldStop,
    });
    if (run.cancelled) return 'cancelled';

    const validation = splits.validation
      ? await evaluate(session.model, splits.validation, session.evalBuilder)
      : null;
    const test = await evaluate(session.model, splits.test, session.evalBuilder);
    session.lastTest = test;
    const metrics: EpochMetrics = {
      epoch,
      trainLoss: run.loss,
      trainAccuracy: run.accuracy,
      valLoss: validation?.loss ?? null,
      valAccuracy: validation?.accuracy ?? null,
      testLoss: test.loss,
      testAccuracy: test.accuracy,
      learningRate,
      epochSeconds: run.seconds,
      imagesPerSecond: splits.train.count / run.seconds,
    };

    let stop = false;
    if (validation) {
      const patience = config.earlyStopping.enabled ? config.earlyStopping.patience : null;
      const decision = updateEarlyStopping(
        state.earlyStopping,
        epoch,
        validation.accuracy,
        patience,
      );
      state.earlyStopping = decision.state;
      if (decision.improved && config.earlyStopping.restoreBest) keepBestWeights(session);
      stop = decision.shouldStop;
    }
    state.epochsCompleted = epoch;
    state.shuffleRandomState = shuffleRandom.state;
    state.augmentationRandomState = augmentRandom.state;
    state.history.push(metrics);
    state.trainingSeconds += run.seconds;

    const snapshot = copyTrainingState(state);
    await options.onEpochEnd?.(
      { ...metrics },
      {
        state: snapshot,
        model: session.model,
        optimizer: session.optimizer,
        checkpoint: () =>
          captureCheckpoint(session.model, session.optimizer, snapshot, session.bestWeights),
      },
    );
    if (stop) return 'early-stopped';
  }
  return 'completed';
}

function augmenter(config: ExperimentConfig, random: SeededRandom): ImageAugmenter {
  return (source, sourceOffset, target, targetOffset) =>
    affineTransformInto(
      source,
      sourceOffset,
      target,
      targetOffset,
      sampleAffineParams(random, config.augmentation),
    );
}

function keepBestWeights(session: Session): void {
  if (session.bestWeights) tf.dispose(session.bestWeights);
  // Clones share the variables' current buffers; later updates give the variables new ones.
  session.bestWeights = session.model.getWeights().map((weight) => tf.keep(weight.clone()));
}

async function summarise(
  session: Session,
  stopReason: StopReason,
  backend: BackendInfo,
  options: TrainOptions,
): Promise<TrainingResult> {
  const { state, splits } = session;
  let final = session.lastTest;
  const lastEpoch = state.history.at(-1)?.epoch ?? null;
  // A cancelled run reports its last finished epoch rather than spend time on a new evaluation,
  // and keeps no model: it is not a result.
  let models: TrainedModels | null = null;
  if (stopReason !== 'cancelled' && lastEpoch !== null) {
    models = { final: await captureModelArtifacts(session.model), best: null };
    if (session.bestWeights && state.earlyStopping.bestEpoch !== lastEpoch) {
      session.model.setWeights(session.bestWeights);
      final = await evaluate(session.model, splits.test, session.evalBuilder);
      models.best = await captureModelArtifacts(session.model);
    }
  }
  const limit = options.misclassifiedLimit ?? DEFAULT_MISCLASSIFIED_LIMIT;
  return {
    epochs: state.history.map((epoch) => ({ ...epoch })),
    testAccuracy: final?.accuracy ?? null,
    testLoss: final?.loss ?? null,
    bestValAccuracy: state.earlyStopping.bestValAccuracy,
    bestEpoch: state.earlyStopping.bestEpoch,
    epochsRun: state.epochsCompleted,
    stoppedEarly: stopReason === 'early-stopped',
    stopReason,
    backend: backend.backend,
    device: backend.device,
    tfjsVersion: backend.tfjsVersion,
    confusionMatrix: final ? confusionMatrix(splits.test.labels, final.predictions) : null,
    misclassified: final
      ? listMisclassified(splits.test.labels, final.predictions, final.confidences, limit)
      : [],
    trainingSeconds: state.trainingSeconds,
    models,
  };
}
