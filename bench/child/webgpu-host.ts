import * as tf from '@tensorflow/tfjs-core';
import { resolveConfig } from '@lenet-lab/config';
import { loadMnist, type ImageSet } from '@lenet-lab/mnist';
import {
  BatchBuilder,
  createLeNet5,
  createWebgpuEpochRunner,
  deviceDescriptor,
  loadDawn,
  registerWebgpuDevice,
  TFJS_EPOCH_RUNNER,
  WEBGPU_BACKEND_NAME,
  type EpochRunner,
} from '@lenet-lab/training';
import { MNIST_TRAIN_IMAGES } from '../options';
import type { HostCost, WebgpuHostResult, WebgpuHostTask } from './tasks';

/** Untimed batches first: pipelines compile and V8 compiles the step's JavaScript. */
const WARM_UP_BATCHES = 10;

/**
 * Epochs on Dawn's null adapter (every call validated and recorded, nothing computed), through
 * the fused step the trainer uses on webgpu and through tfjs's ops: the host's share of a step.
 */
export async function runWebgpuHost(task: WebgpuHostTask): Promise<WebgpuHostResult> {
  const dawn = loadDawn();
  const gpu = dawn.create(['backend=null']);
  const adapter = await gpu.requestAdapter();
  if (!adapter) throw new Error("Dawn's null adapter is not available");
  const device = await adapter.requestDevice(deviceDescriptor(adapter));
  await registerWebgpuDevice(dawn, gpu, adapter, device);
  await tf.setBackend(WEBGPU_BACKEND_NAME);
  // Large batches get fewer steps: the timed epoch is one pass over at most the training set.
  const steps = Math.min(task.steps, Math.floor(MNIST_TRAIN_IMAGES / task.batchSize));
  const dataset = await loadMnist({ trainLimit: task.batchSize * steps, testLimit: 1 });
  const measure = (fused: boolean) => hostCost({ ...task, steps }, dataset.train, fused);
  return {
    batchSize: task.batchSize,
    steps,
    fused: await measure(true),
    tfjsOps: await measure(false),
  };
}

async function hostCost(task: WebgpuHostTask, train: ImageSet, fused: boolean): Promise<HostCost> {
  const config = resolveConfig({ preset: task.preset, overrides: { batchSize: task.batchSize } });
  const model = createLeNet5({ batchNorm: config.model.batchNorm, seed: config.seed });
  const optimizer = tf.train.momentum(config.optimizer.learningRate, config.optimizer.momentum);
  const runner: EpochRunner = fused
    ? ((await createWebgpuEpochRunner(model, optimizer, task.batchSize)) ?? unavailable())
    : TFJS_EPOCH_RUNNER;
  const backend = tf.backend() as unknown as { runWebGPUProgram: (...args: unknown[]) => unknown };
  const run = backend.runWebGPUProgram;
  let programs = 0;
  backend.runWebGPUProgram = (...args) => (programs++, run.apply(backend, args));
  const epoch = (count: number) =>
    runner.run({
      model,
      optimizer,
      variables: model.trainableWeights.map((w) => w.read() as tf.Variable),
      train: { ...train, count },
      order: Int32Array.from({ length: count }, (_, i) => i),
      builder: new BatchBuilder(task.batchSize),
      epoch: 1,
      batchProgressInterval: Number.MAX_SAFE_INTEGER,
    });
  try {
    await epoch(WARM_UP_BATCHES * task.batchSize);
    programs = 0;
    const timed = await epoch(task.steps * task.batchSize);
    if (timed.cancelled) throw new Error('the timed epoch was cancelled');
    const msPerStep = (timed.seconds * 1000) / task.steps;
    return {
      msPerStep,
      // The fused step's kernels are not tfjs programs: the plan counts them.
      dispatchesPerStep: fused ? null : programs / task.steps,
      imagesPerSecondBound: (task.batchSize / msPerStep) * 1000,
    };
  } finally {
    delete (backend as { runWebGPUProgram?: unknown }).runWebGPUProgram;
    runner.dispose();
    model.dispose();
    optimizer.dispose();
  }
}

function unavailable(): never {
  throw new Error('the fused LeNet-5 step does not take this network');
}
