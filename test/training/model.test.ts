import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { createLeNet5, initBackend, SeededRandom } from '@lenet-lab/training';

const BATCH = 8;

function randomBatch(seed: number, count = BATCH, shift = 0): tf.Tensor4D {
  const random = new SeededRandom(seed);
  const values = Float32Array.from(
    { length: count * 784 },
    () => random.uniform(-0.5, 2.5) + shift,
  );
  return tf.tensor4d(values, [count, 28, 28, 1]);
}

function weightValues(model: tfl.LayersModel): number[][] {
  return model.getWeights().map((w) => Array.from(w.dataSync()));
}

beforeAll(async () => {
  await initBackend({ backend: 'wasm' });
});

describe('createLeNet5', () => {
  it('maps a batch of 28×28×1 images to 10 logits each', () => {
    const model = createLeNet5();
    const x = randomBatch(1);
    const logits = model.predict(x) as tf.Tensor;
    expect(logits.shape).toEqual([BATCH, 10]);
    tf.dispose([x, logits]);
    model.dispose();
  });

  it('has the seed architecture: 44,426 parameters (flatten 16×4×4 = 256)', () => {
    const model = createLeNet5();
    expect(model.countParams()).toBe(156 + 2416 + 30840 + 10164 + 850);
    expect(model.countParams()).toBe(44426);
    const flatten = model.getLayer('flatten').outputShape as number[];
    expect(flatten).toEqual([null, 256]);
    model.dispose();
  });

  it('adds 2 × (6 + 16) trainable BatchNorm parameters and as many moving statistics', () => {
    const model = createLeNet5({ batchNorm: true });
    const count = (weights: tfl.LayerVariable[]) =>
      weights.reduce((sum, w) => sum + w.shape.reduce((a: number, b) => a * (b ?? 0), 1), 0);
    expect(count(model.trainableWeights)).toBe(44426 + 44);
    expect(count(model.nonTrainableWeights)).toBe(44);
    model.dispose();
  });

  it('gives the same weights for the same seed and different ones for another seed', () => {
    const [a, b, c] = [1, 1, 2].map((seed) => createLeNet5({ seed, batchNorm: true }));
    expect(weightValues(a)).toEqual(weightValues(b));
    expect(weightValues(a)[0]).not.toEqual(weightValues(c)[0]);
    [a, b, c].forEach((m) => m.dispose());
  });

  it("draws weights and biases from PyTorch's U(±1/√fan_in)", () => {
    const model = createLeNet5({ seed: 5 });
    const fanIns: Record<string, number> = { conv1: 25, conv2: 150, fc1: 256, fc2: 120, fc3: 84 };
    for (const [layer, fanIn] of Object.entries(fanIns)) {
      const bound = 1 / Math.sqrt(fanIn);
      const [kernel, bias] = model.getLayer(layer).getWeights();
      for (const tensor of [kernel, bias]) {
        const values = Array.from(tensor.dataSync());
        expect(Math.max(...values.map(Math.abs))).toBeLessThanOrEqual(bound);
        // Uniform, not all-zero or tiny: the spread reaches well into the range.
        expect(Math.max(...values) - Math.min(...values)).toBeGreaterThan(
          bound * (values.length > 20 ? 1.8 : 0.5),
        );
      }
    }
    model.dispose();
  });
});

describe('createLeNet5 serialisation', () => {
  it('saves and loads back with tf.loadLayersModel, predicting the same', async () => {
    const model = createLeNet5({ batchNorm: true, seed: 9 });
    let saved: tf.io.ModelArtifacts | undefined;
    await model.save(
      tf.io.withSaveHandler(async (artifacts) => {
        saved = artifacts;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    const loaded = await tfl.loadLayersModel(tf.io.fromMemory(saved!));
    const x = randomBatch(8);
    const [a, b] = [model, loaded].map((m) => m.predict(x) as tf.Tensor);
    expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
    tf.dispose([x, a, b]);
    model.dispose();
    loaded.dispose();
  });
});

describe('createLeNet5 with BatchNorm', () => {
  it('updates the moving statistics in a custom training loop, with PyTorch momentum 0.1', () => {
    const model = createLeNet5({ batchNorm: true, seed: 3 });
    const conv1 = tfl.model({ inputs: model.inputs, outputs: model.getLayer('conv1').output });
    const x = randomBatch(4, BATCH, 1);
    const labels = tf.oneHot(tf.tensor1d([0, 1, 2, 3, 4, 5, 6, 7], 'int32'), 10);

    const features = conv1.predict(x) as tf.Tensor4D;
    const { mean, variance } = tf.moments(features, [0, 1, 2]);
    const optimizer = tf.train.momentum(0.01, 0.9);
    optimizer.minimize(() =>
      tf.losses.softmaxCrossEntropy(labels, model.apply(x, { training: true }) as tf.Tensor),
    );

    const bn1 = model.getLayer('bn1');
    const [movingMean, movingVariance] = bn1.getWeights().slice(2);
    const expectedMean = tf.mul(mean, 0.1);
    const expectedVariance = tf.add(tf.mul(variance, 0.1), 0.9);
    expect(Array.from(movingMean.dataSync())).toEqual(
      Array.from(expectedMean.dataSync()).map((v) => expect.closeTo(v, 4)),
    );
    expect(Array.from(movingVariance.dataSync())).toEqual(
      Array.from(expectedVariance.dataSync()).map((v) => expect.closeTo(v, 3)),
    );
    tf.dispose([x, labels, features, mean, variance, expectedMean, expectedVariance]);
    optimizer.dispose();
    model.dispose();
  });

  it('normalises with the moving statistics in inference mode, so an image does not depend on its batch', () => {
    const model = createLeNet5({ batchNorm: true, seed: 3 });
    const batch = randomBatch(6);
    const other = randomBatch(7, BATCH, 3);
    const firstImage = tf.slice(batch, [0, 0, 0, 0], [1, 28, 28, 1]);
    const mixed = tf.concat([firstImage, tf.slice(other, [1, 0, 0, 0], [BATCH - 1, 28, 28, 1])]);

    const alone = model.apply(firstImage, { training: false }) as tf.Tensor;
    const inMixed = tf.slice(model.apply(mixed, { training: false }) as tf.Tensor, [0, 0], [1, 10]);
    expect(Array.from(inMixed.dataSync())).toEqual(
      Array.from(alone.dataSync()).map((v) => expect.closeTo(v, 4)),
    );

    // In training mode the same image's logits do change with the batch's statistics.
    const trainA = tf.slice(model.apply(batch, { training: true }) as tf.Tensor, [0, 0], [1, 10]);
    const trainB = tf.slice(model.apply(mixed, { training: true }) as tf.Tensor, [0, 0], [1, 10]);
    const gap = tf.max(tf.abs(tf.sub(trainA, trainB))).dataSync()[0];
    expect(gap).toBeGreaterThan(1e-3);
    tf.dispose([batch, other, firstImage, mixed, alone, inMixed, trainA, trainB]);
    model.dispose();
  });
});
