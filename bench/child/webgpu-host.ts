import * as tf from '@tensorflow/tfjs-core';
import { resolveConfig } from '@lenet-lab/config';
import {
  createLeNet5,
  deviceDescriptor,
  loadDawn,
  registerWebgpuDevice,
  WEBGPU_BACKEND_NAME,
} from '@lenet-lab/training';
import type { WebgpuHostResult, WebgpuHostTask } from './tasks';

/** Untimed steps first: pipelines compile and V8 compiles the step's JavaScript. */
const WARM_UP_STEPS = 20;
/** Steps between turns of the event loop, as the trainer yields between batches. */
const STEPS_PER_YIELD = 10;

/** Dawn's null adapter: every call validated and recorded, nothing computed. */
export async function runWebgpuHost(task: WebgpuHostTask): Promise<WebgpuHostResult> {
  const dawn = loadDawn();
  const gpu = dawn.create(['backend=null']);
  const adapter = await gpu.requestAdapter();
  if (!adapter) throw new Error("Dawn's null adapter is not available");
  const device = await adapter.requestDevice(deviceDescriptor(adapter));
  await registerWebgpuDevice(dawn, gpu, adapter, device);
  await tf.setBackend(WEBGPU_BACKEND_NAME);

  const config = resolveConfig({ preset: task.preset });
  const model = createLeNet5({ batchNorm: config.model.batchNorm, seed: config.seed });
  const optimizer = tf.train.momentum(config.optimizer.learningRate, config.optimizer.momentum);
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const images = new Float32Array(task.batchSize * 784).map((_, i) => (i % 7) / 7);
  const labels = new Float32Array(task.batchSize * 10).map((_, i) => (i % 10 === 0 ? 1 : 0));
  // As trainEpoch does: the batch uploaded, one minimize, the batch disposed.
  const step = () => {
    const xs = tf.tensor4d(images, [task.batchSize, 28, 28, 1]);
    const ys = tf.tensor2d(labels, [task.batchSize, 10]);
    const loss = optimizer.minimize(
      () =>
        tf.losses.softmaxCrossEntropy(
          ys,
          model.apply(xs, { training: true }) as tf.Tensor,
        ) as tf.Scalar,
      true,
      variables,
    );
    tf.dispose([xs, ys, loss!]);
  };
  const backend = tf.backend() as unknown as { runWebGPUProgram: (...args: unknown[]) => unknown };
  let dispatches = 0;
  const run = backend.runWebGPUProgram.bind(backend);
  backend.runWebGPUProgram = (...args) => (dispatches++, run(...args));

  for (let i = 0; i < WARM_UP_STEPS; i++) step();
  dispatches = 0;
  const started = performance.now();
  for (let i = 0; i < task.steps; i++) {
    step();
    if (i % STEPS_PER_YIELD === STEPS_PER_YIELD - 1) await new Promise(setImmediate);
  }
  const msPerStep = (performance.now() - started) / task.steps;
  return {
    batchSize: task.batchSize,
    steps: task.steps,
    msPerStep,
    dispatchesPerStep: dispatches / task.steps,
    imagesPerSecondBound: (task.batchSize / msPerStep) * 1000,
  };
}
