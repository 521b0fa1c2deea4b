import * as tf from '@tensorflow/tfjs-core';
import {
  createLeNet5,
  createOptimizer,
  createWebgpuEpochRunner,
  type LeNet5Options,
} from '@lenet-lab/training';
import { resolveConfig } from '@lenet-lab/config';
import { initWebgpuWithCpuReference } from './webgpu-harness';

beforeAll(async () => {
  await initWebgpuWithCpuReference();
  tf.setBackend('webgpu');
});

const sgd = () => createOptimizer(resolveConfig({}).optimizer);

async function runnerFor(options: LeNet5Options, optimizer: tf.Optimizer) {
  const model = createLeNet5({ ...options, seed: 2 });
  try {
    const runner = await createWebgpuEpochRunner(model, optimizer, 64);
    runner?.dispose();
    return runner;
  } finally {
    model.dispose();
    optimizer.dispose();
  }
}

describe("webgpu's fused LeNet-5 step and the ablation options", () => {
  it("takes the seed's network with SGD", async () => {
    expect(await runnerFor({}, sgd())).not.toBeNull();
  });

  // tanh, average pooling and dropout have the seed's weights, which the step's layout accepts:
  // only the layers tell them apart.
  it.each<[string, LeNet5Options]>([
    ['tanh', { activation: 'tanh' }],
    ['average pooling', { pooling: 'avg' }],
    ['dropout', { dropout: 0.3 }],
    ['another width', { width: { conv1: 6, conv2: 16, fc1: 120, fc2: 60 } }],
  ])('leaves a network with %s to tfjs’s ops', async (_, options) => {
    expect(await runnerFor(options, sgd())).toBeNull();
  });

  it('leaves Adam to tfjs’s ops', async () => {
    const adam = createOptimizer(
      resolveConfig({ overrides: { optimizer: { type: 'adam' } } }).optimizer,
    );
    expect(await runnerFor({}, adam)).toBeNull();
  });
});
