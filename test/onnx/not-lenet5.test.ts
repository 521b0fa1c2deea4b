import * as tfl from '@tensorflow/tfjs-layers';
import { exportLeNet5ToOnnx, NotLeNet5Error, OnnxExportError } from '@lenet-lab/onnx';
import { initBackend } from '@lenet-lab/training';

beforeAll(async () => {
  await initBackend({ backend: 'wasm' });
});

type LayerFactory = () => tfl.layers.Layer;

/** createLeNet5's layers without BatchNorm, by name, so a test can drop or replace one. */
const LENET5_LAYERS: [string, LayerFactory][] = [
  [
    'conv1',
    () => tfl.layers.conv2d({ filters: 6, kernelSize: 5, name: 'conv1', inputShape: [28, 28, 1] }),
  ],
  ['relu1', () => tfl.layers.reLU({ name: 'relu1' })],
  ['pool1', () => tfl.layers.maxPooling2d({ poolSize: 2, name: 'pool1' })],
  ['conv2', () => tfl.layers.conv2d({ filters: 16, kernelSize: 5, name: 'conv2' })],
  ['relu2', () => tfl.layers.reLU({ name: 'relu2' })],
  ['pool2', () => tfl.layers.maxPooling2d({ poolSize: 2, name: 'pool2' })],
  ['flatten', () => tfl.layers.flatten({ name: 'flatten' })],
  ['fc1', () => tfl.layers.dense({ units: 120, activation: 'relu', name: 'fc1' })],
  ['fc2', () => tfl.layers.dense({ units: 84, activation: 'relu', name: 'fc2' })],
  ['fc3', () => tfl.layers.dense({ units: 10, name: 'fc3' })],
];

function lenet5Like(changes: Record<string, LayerFactory | null>): tfl.Sequential {
  const model = tfl.sequential();
  for (const [name, factory] of LENET5_LAYERS) {
    const replacement = name in changes ? changes[name] : factory;
    if (replacement) model.add(replacement());
  }
  return model;
}

async function exportError(model: tfl.LayersModel): Promise<unknown> {
  try {
    await exportLeNet5ToOnnx(model);
  } catch (error) {
    return error;
  } finally {
    model.dispose();
  }
  throw new Error('the export succeeded');
}

describe('Exporting a model that is not a LeNet-5', () => {
  it('accepts the same architecture built by hand (the baseline of the cases below)', async () => {
    const model = lenet5Like({});
    expect((await exportLeNet5ToOnnx(model)).length).toBeGreaterThan(0);
    model.dispose();
  });

  it.each([
    ['a layer is missing', { fc2: null }, /missing layer\(s\) fc2/],
    [
      'the logits layer has a softmax',
      { fc3: () => tfl.layers.dense({ units: 10, activation: 'softmax', name: 'fc3' }) },
      /layer fc3 has activation "softmax", expected "linear"/,
    ],
    [
      'a convolution pads',
      {
        conv2: () =>
          tfl.layers.conv2d({ filters: 16, kernelSize: 5, padding: 'same', name: 'conv2' }),
      },
      /layer conv2 has padding "same", expected "valid"/,
    ],
    [
      'a layer has the right name but the wrong kind',
      { relu1: () => tfl.layers.activation({ activation: 'relu', name: 'relu1' }) },
      /layer relu1 is a Activation, expected a ReLU/,
    ],
    [
      'its two poolings differ',
      { pool1: () => tfl.layers.averagePooling2d({ poolSize: 2, name: 'pool1' }) },
      /layer pool2 is a MaxPooling2D, expected a AveragePooling2D/,
    ],
    [
      'the hidden dense layers do not share the convolutions’ activation',
      { fc2: () => tfl.layers.dense({ units: 84, activation: 'tanh', name: 'fc2' }) },
      /layer fc2 has activation "tanh", expected "relu"/,
    ],
    [
      'only one convolution has BatchNorm',
      { relu1: () => tfl.layers.batchNormalization({ name: 'bn1' }) },
      /missing layer\(s\) relu1, bn2/,
    ],
  ])('throws NotLeNet5Error when %s', async (_, changes, message) => {
    const error = await exportError(lenet5Like(changes as Record<string, LayerFactory | null>));
    expect(error).toBeInstanceOf(NotLeNet5Error);
    expect(error).toBeInstanceOf(OnnxExportError);
    expect(error).toMatchObject({ name: 'NotLeNet5Error', code: 'NOT_LENET5' });
    expect((error as Error).message).toMatch(
      /^cannot export to ONNX: not a LeNet-5 from createLeNet5/,
    );
    expect((error as Error).message).toMatch(message);
  });

  it('names every missing layer of an unrelated model', async () => {
    const model = tfl.sequential({
      layers: [
        tfl.layers.flatten({ inputShape: [28, 28, 1], name: 'flatten' }),
        tfl.layers.dense({ units: 10, name: 'dense' }),
      ],
    });
    expect(((await exportError(model)) as Error).message).toMatch(
      /missing layer\(s\) conv1, relu1, pool1, conv2, relu2, pool2, fc1, fc2, fc3/,
    );
  });
});
