import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { loadMnist, type Dataset } from '@lenet-lab/mnist';
import {
  BatchBuilder,
  createLeNet5,
  createWebgpuEpochRunner,
  lenetStepLayout,
  trainEpoch,
  type EpochRunner,
  type ModelWeight,
} from '@lenet-lab/training';
import { maxAbs, relativeError, RELATIVE_TOLERANCE } from '../kernels/kernel-harness';
import { LeNetStepEngine } from '../../../libs/training/webgpu/lenet-step/lenet-step-engine';
import { initWebgpuWithCpuReference } from './webgpu-harness';

const SEED = 5;
let dataset: Dataset;

beforeAll(async () => {
  await initWebgpuWithCpuReference();
  dataset = await loadMnist({ trainLimit: 384, testLimit: 16 });
});

afterEach(() => tf.setBackend('webgpu'));

function weightsOf(model: ReturnType<typeof createLeNet5>): ModelWeight[] {
  return model.weights.map((w) => ({
    name: w.originalName,
    shape: w.shape as number[],
    trainable: w.trainable,
  }));
}

describe('the fused step’s weight layout', () => {
  it('takes both LeNet-5 architectures, trainable weights first, statistics last', () => {
    tf.setBackend('cpu');
    const baseline = lenetStepLayout(weightsOf(createLeNet5()))!;
    expect(baseline).toMatchObject({ batchNorm: false, trainableSize: 44_426, totalSize: 44_426 });
    expect(baseline.offsets['conv1/kernel']).toBe(0);
    expect(baseline.offsets['fc3/bias']).toBe(44_416);
    const withBn = lenetStepLayout(weightsOf(createLeNet5({ batchNorm: true })))!;
    expect(withBn).toMatchObject({ batchNorm: true, trainableSize: 44_470, totalSize: 44_514 });
    expect(withBn.offsets['bn1/moving_mean']).toBe(44_470);
    // The model's own order (tfjs lists the statistics last too) is kept for the exchange.
    expect(withBn.weights.map((w) => w.name).slice(-4)).toEqual([
      'bn1/moving_mean',
      'bn1/moving_variance',
      'bn2/moving_mean',
      'bn2/moving_variance',
    ]);
  });

  it('refuses any other network, which then trains on tfjs’s ops', () => {
    const lenet = [
      { name: 'conv1/kernel', shape: [5, 5, 1, 6], trainable: true },
      { name: 'conv1/bias', shape: [6], trainable: true },
    ];
    expect(lenetStepLayout(lenet)).toBeNull();
    tf.setBackend('cpu');
    const weights = weightsOf(createLeNet5());
    const wider = weights.map((w) => (w.name === 'fc1/bias' ? { ...w, shape: [200] } : w));
    expect(lenetStepLayout(wider)).toBeNull();
    const frozen = weights.map((w, i) => (i === 0 ? { ...w, trainable: false } : w));
    expect(lenetStepLayout(frozen)).toBeNull();
  });
});

interface EpochOutcome {
  loss: number;
  accuracy: number;
  weights: Float32Array[];
  momentum: Float32Array[];
  iterations: number;
}

/**
 * Two epochs of LeNet-5 on webgpu on `images` images (the last batch partial) from the same
 * initial weights: tfjs's ops, or the runner `runnerFor` makes.
 */
async function twoEpochs(
  backend: 'webgpu',
  batchNorm: boolean,
  images: number,
  runnerFor?: (model: LayersModel, optimizer: tf.MomentumOptimizer) => Promise<EpochRunner>,
): Promise<EpochOutcome> {
  tf.setBackend(backend);
  const model = createLeNet5({ batchNorm, seed: SEED });
  const optimizer = tf.train.momentum(0.05, 0.9);
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const runner = (await runnerFor?.(model, optimizer)) ?? {
    run: trainEpoch,
    dispose: () => undefined,
  };
  const order = Int32Array.from({ length: images }, (_, i) => (i * 7) % images);
  const builder = new BatchBuilder(64);
  let last = { loss: 0, accuracy: 0 };
  try {
    for (const epoch of [1, 2]) {
      const run = await runner.run({
        model,
        optimizer,
        variables,
        train: { ...dataset.train, count: images },
        order,
        builder,
        epoch,
        batchProgressInterval: 1000,
      });
      if (run.cancelled) throw new Error('cancelled');
      last = { loss: run.loss, accuracy: run.accuracy };
    }
    const [iterations, ...momentum] = await optimizer.getWeights();
    const read = (t: tf.Tensor) => t.data() as Promise<Float32Array>;
    return {
      ...last,
      weights: await Promise.all(model.getWeights().map(read)),
      momentum: await Promise.all(momentum.map((m) => read(m.tensor))),
      iterations: (await read(iterations.tensor))[0],
    };
  } finally {
    runner.dispose();
    model.dispose();
    optimizer.dispose();
  }
}

/**
 * Each tensor to its own scale, but never to less than a hundredth of the largest; except the
 * tensors `noise` names, which are rounding noise on both sides (a convolution bias's gradient
 * under BatchNorm is exactly 0) and are only held to be negligible.
 */
function expectClose(actual: Float32Array[], expected: Float32Array[], noise: number[] = []): void {
  expect(actual).toHaveLength(expected.length);
  const scale = Math.max(...expected.map(maxAbs));
  expected.forEach((values, i) => {
    if (noise.includes(i)) {
      expect(Math.max(maxAbs(values), maxAbs(actual[i]))).toBeLessThan(scale * 1e-4);
      return;
    }
    expect(relativeError(actual[i], values, Math.max(maxAbs(values), scale * 1e-2))).toBeLessThan(
      RELATIVE_TOLERANCE,
    );
  });
}

describe('the fused LeNet-5 training step on webgpu', () => {
  it.each([
    ['baseline', false],
    ['BatchNorm', true],
  ] as const)(
    // tfjs's ops on webgpu are held to the cpu backend's in webgpu-lenet.test.ts; the cpu
    // backend itself would take a minute for these steps.
    'trains as tfjs’s ops do: %s, 2 epochs of 100 images (a partial batch each)',
    async (_name, batchNorm) => {
      const expected = await twoEpochs('webgpu', batchNorm, 100);
      const actual = await twoEpochs('webgpu', batchNorm, 100, async (model, optimizer) => {
        const runner = await createWebgpuEpochRunner(model, optimizer, 64);
        if (!runner) throw new Error('no fused step for LeNet-5 on webgpu');
        return runner;
      });
      expect(actual.iterations).toBe(4);
      expect(actual.loss).toBeCloseTo(expected.loss, 5);
      expect(actual.accuracy).toBe(expected.accuracy);
      // The weights (with BatchNorm's moving statistics) and the momentum after 4 steps.
      expectClose(actual.weights, expected.weights);
      // Under BatchNorm, conv1's and conv2's biases (trainable weights 1 and 5).
      expectClose(actual.momentum, expected.momentum, batchNorm ? [1, 5] : []);
    },
  );
});

describe('the fused step’s traffic with the device', () => {
  /** Calls during one epoch of `batches` batches, after an epoch that built everything. */
  async function trafficOfEpoch(batches: number) {
    tf.setBackend('webgpu');
    const model = createLeNet5({ batchNorm: true, seed: SEED });
    const optimizer = tf.train.momentum(0.01, 0.9);
    const runner = (await createWebgpuEpochRunner(model, optimizer, 64))!;
    const device = (tf.backend() as unknown as { device: GPUDevice }).device;
    const options = {
      model,
      optimizer,
      variables: model.trainableWeights.map((w) => w.read() as tf.Variable),
      train: { ...dataset.train, count: batches * 64 },
      order: Int32Array.from({ length: batches * 64 }, (_, i) => i),
      builder: new BatchBuilder(64),
      batchProgressInterval: 1000,
    };
    try {
      await runner.run({ ...options, epoch: 1 });
      const counted = ['createComputePipeline', 'createShaderModule', 'createBindGroup'] as const;
      const spies = counted.map((method) => jest.spyOn(device, method));
      const writes = jest.spyOn(device.queue, 'writeBuffer');
      const reads = jest.spyOn(globalThis.GPUBuffer.prototype, 'mapAsync');
      await runner.run({ ...options, epoch: 2 });
      const traffic = {
        created: spies.reduce((sum, spy) => sum + spy.mock.calls.length, 0),
        writes: writes.mock.calls.length,
        reads: reads.mock.calls.length,
      };
      [...spies, writes, reads].forEach((spy) => spy.mockRestore());
      return traffic;
    } finally {
      runner.dispose();
      model.dispose();
      optimizer.dispose();
    }
  }

  it('builds nothing per step, writes three buffers per step and reads only at the epoch’s ends', async () => {
    const two = await trafficOfEpoch(2);
    const five = await trafficOfEpoch(5);
    expect(two.created).toBe(0);
    expect(five.created).toBe(0);
    // Images, labels and the step's uniforms for each extra batch; nothing read per batch.
    expect(five.writes - two.writes).toBe(3 * 3);
    expect(five.reads).toBe(two.reads);
  });

  it('gives the same numbers twice from the same seed', async () => {
    const runner = async (model: LayersModel, optimizer: tf.MomentumOptimizer) =>
      (await createWebgpuEpochRunner(model, optimizer, 64))!;
    const first = await twoEpochs('webgpu', true, 100, runner);
    const second = await twoEpochs('webgpu', true, 100, runner);
    expect(second).toEqual(first);
  });
});

describe('building the fused step', () => {
  it('refuses batches whose buffers the device cannot bind, naming the buffer', async () => {
    tf.setBackend('webgpu');
    const model = createLeNet5();
    const layout = lenetStepLayout(weightsOf(model))!;
    model.dispose();
    const device = (tf.backend() as unknown as { device: GPUDevice }).device;
    // 400,000 images are 1.25 GB, beyond any adapter's largest buffer.
    await expect(
      LeNetStepEngine.create(device, layout, 400_000, { momentum: 0.9, epsilon: 1e-5 }),
    ).rejects.toThrow(/buffer images needs 1254400000 bytes for batches of 400000/);
  });
});
