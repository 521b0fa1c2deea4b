import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import * as ort from 'onnxruntime-node';
import {
  decodeOnnxModel,
  exportLeNet5ToOnnx,
  floatTensorValues,
  hwioToOihw,
  ATTRIBUTE_TYPE,
  ONNX_IR_VERSION,
  ONNX_OPSET_VERSION,
  onnxSchema,
  TENSOR_DATA_TYPE_FLOAT,
  type OnnxModel,
} from '@lenet-lab/onnx';
import { createLeNet5, initBackend, SeededRandom } from '@lenet-lab/training';

beforeAll(async () => {
  await initBackend({ backend: 'wasm' });
});

/** BatchNorm statistics far from the initial ones (0 and 1), so a mix-up shows. */
function setRandomBatchNormWeights(model: tfl.LayersModel, seed: number): void {
  const random = new SeededRandom(seed);
  for (const name of ['bn1', 'bn2']) {
    const layer = model.getLayer(name);
    layer.setWeights(
      layer.weights.map((w, index) =>
        tf.tensor(
          Float32Array.from({ length: w.shape[0] as number }, () =>
            // moving_variance (the 4th) must stay positive.
            index === 3 ? random.uniform(0.2, 3) : random.uniform(-2, 2),
          ),
        ),
      ),
    );
  }
}

async function exportAndDecode(
  model: tfl.LayersModel,
): Promise<{ bytes: Uint8Array; onnx: OnnxModel }> {
  const bytes = await exportLeNet5ToOnnx(model);
  return { bytes, onnx: decodeOnnxModel(bytes) };
}

function initializer(onnx: OnnxModel, name: string) {
  const tensor = onnx.graph.initializer.find((t) => t.name === name);
  if (!tensor) throw new Error(`no initializer ${name}`);
  return tensor;
}

const dims = (shape: (number | string)[]) =>
  shape.map((size) => (typeof size === 'string' ? { dim_param: size } : { dim_value: size }));

describe('exportLeNet5ToOnnx: the ONNX model', () => {
  let plain: tfl.Sequential;
  let withBn: tfl.Sequential;

  beforeAll(() => {
    plain = createLeNet5({ seed: 4 });
    withBn = createLeNet5({ seed: 4, batchNorm: true });
    setRandomBatchNormWeights(withBn, 5);
  });

  afterAll(() => {
    plain.dispose();
    withBn.dispose();
  });

  it('targets IR version 7 and opset 13 of the default domain, produced by lenet-lab', async () => {
    const { onnx } = await exportAndDecode(plain);
    expect(onnx.ir_version).toBe(7);
    expect(onnx.opset_import.map((o) => [o.domain ?? '', o.version])).toEqual([['', 13]]);
    expect(onnx.producer_name).toBe('lenet-lab');
  });

  it('chains Transpose, Conv, Relu, MaxPool, Flatten, Gemm and Softmax without BatchNorm', async () => {
    const { onnx } = await exportAndDecode(plain);
    expect(onnx.graph.node.map((n) => n.op_type)).toEqual([
      'Transpose',
      ...['Conv', 'Relu', 'MaxPool', 'Conv', 'Relu', 'MaxPool', 'Flatten'],
      ...['Gemm', 'Relu', 'Gemm', 'Relu', 'Gemm', 'Softmax'],
    ]);
    expect(onnx.graph.initializer.map((t) => t.name).filter((n) => n.startsWith('bn'))).toEqual([]);
  });

  it('adds a BatchNormalization after each Conv of the BatchNorm model, with its epsilon', async () => {
    const { onnx } = await exportAndDecode(withBn);
    expect(onnx.graph.node.map((n) => n.op_type)).toEqual([
      'Transpose',
      ...['Conv', 'BatchNormalization', 'Relu', 'MaxPool'],
      ...['Conv', 'BatchNormalization', 'Relu', 'MaxPool', 'Flatten'],
      ...['Gemm', 'Relu', 'Gemm', 'Relu', 'Gemm', 'Softmax'],
    ]);
    for (const bn of onnx.graph.node.filter((n) => n.op_type === 'BatchNormalization')) {
      expect(bn.attribute).toMatchObject([
        { name: 'epsilon', type: ATTRIBUTE_TYPE.FLOAT, f: expect.any(Number) },
      ]);
      expect(bn.attribute?.[0].f).toBeCloseTo(1e-5, 10);
    }
  });

  it('stores the moving statistics and gamma/beta of each BatchNorm layer unchanged', async () => {
    const { onnx } = await exportAndDecode(withBn);
    for (const layer of ['bn1', 'bn2']) {
      const [gamma, beta, mean, variance] = withBn.getLayer(layer).getWeights();
      const expected = { gamma, beta, moving_mean: mean, moving_variance: variance };
      for (const [role, tensor] of Object.entries(expected)) {
        expect(floatTensorValues(initializer(onnx, `${layer}.${role}`))).toEqual(
          new Float32Array(tensor.dataSync()),
        );
      }
    }
  });

  it('stores conv kernels as OIHW and dense kernels as [in, out] float32 initializers', async () => {
    const { onnx } = await exportAndDecode(plain);
    const shapes = Object.fromEntries(onnx.graph.initializer.map((t) => [t.name, t.dims]));
    expect(shapes).toEqual({
      'conv1.weight': [6, 1, 5, 5],
      'conv1.bias': [6],
      'conv2.weight': [16, 6, 5, 5],
      'conv2.bias': [16],
      'fc1.weight': [256, 120],
      'fc1.bias': [120],
      'fc2.weight': [120, 84],
      'fc2.bias': [84],
      'fc3.weight': [84, 10],
      'fc3.bias': [10],
    });
    expect(onnx.graph.initializer.every((t) => t.data_type === TENSOR_DATA_TYPE_FLOAT)).toBe(true);
    const kernel = plain.getLayer('conv2').getWeights()[0];
    expect(floatTensorValues(initializer(onnx, 'conv2.weight'))).toEqual(
      hwioToOihw(new Float32Array(kernel.dataSync()), kernel.shape),
    );
  });

  it('takes an NHWC "image" with a symbolic batch and returns "logits" and "probabilities"', async () => {
    const { bytes, onnx } = await exportAndDecode(plain);
    const shapeOf = (v: OnnxModel['graph']['input'][number]) => v.type.tensor_type.shape.dim;
    expect(onnx.graph.input.map((v) => [v.name, shapeOf(v)])).toEqual([
      ['image', dims(['batch', 28, 28, 1])],
    ]);
    expect(onnx.graph.output.map((v) => [v.name, shapeOf(v)])).toEqual([
      ['logits', dims(['batch', 10])],
      ['probabilities', dims(['batch', 10])],
    ]);
    const session = await ort.InferenceSession.create(bytes);
    expect(session.inputNames).toEqual(['image']);
    expect(session.outputNames).toEqual(['logits', 'probabilities']);
    await session.release();
  });

  it('documents the input layout, normalisation and labels in metadata_props and doc_string', async () => {
    const { onnx } = await exportAndDecode(withBn);
    const metadata = Object.fromEntries((onnx.metadata_props ?? []).map((e) => [e.key, e.value]));
    expect(metadata).toMatchObject({
      architecture: 'LeNet-5',
      batch_norm: 'true',
      input_name: 'image',
      input_layout: 'NHWC',
      input_shape: '[batch, 28, 28, 1]',
      normalization_mean: '0.1307',
      normalization_std: '0.3081',
      output_names: 'logits,probabilities',
      class_labels: '0,1,2,3,4,5,6,7,8,9',
    });
    expect((await exportAndDecode(plain)).onnx.metadata_props).toContainEqual({
      key: 'batch_norm',
      value: 'false',
    });
    expect(onnx.doc_string).toMatch(/\[batch, 28, 28, 1\], NHWC/);
    expect(onnx.doc_string).toMatch(/\(value \/ 255 - 0\.1307\) \/ 0\.3081/);
  });

  it("adds the caller's metadata and producer version", async () => {
    const onnx = decodeOnnxModel(
      await exportLeNet5ToOnnx(plain, {
        metadata: { experiment_id: 'exp-1' },
        producerVersion: 'abc123',
      }),
    );
    expect(onnx.producer_version).toBe('abc123');
    expect(onnx.metadata_props).toContainEqual({ key: 'experiment_id', value: 'exp-1' });
    expect(onnx.metadata_props).toContainEqual({ key: 'normalization_mean', value: '0.1307' });
  });

  it('exports a model loaded back from its saved form (plain Conv2D for conv1) identically', async () => {
    let saved: tf.io.ModelArtifacts | undefined;
    await withBn.save(
      tf.io.withSaveHandler(async (artifacts) => {
        saved = artifacts;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    const loaded = await tfl.loadLayersModel(tf.io.fromMemory(saved as tf.io.ModelArtifacts));
    expect(await exportLeNet5ToOnnx(loaded)).toEqual(await exportLeNet5ToOnnx(withBn));
    loaded.dispose();
  });
});

describe('the vendored ONNX schema', () => {
  it('has the enum values the exporter writes as constants', () => {
    const schema = onnxSchema();
    expect(schema.lookupEnum('onnx.Version').values.IR_VERSION_2020_5_8).toBe(ONNX_IR_VERSION);
    expect(schema.lookupEnum('onnx.TensorProto.DataType').values.FLOAT).toBe(
      TENSOR_DATA_TYPE_FLOAT,
    );
    const attributeTypes = schema.lookupEnum('onnx.AttributeProto.AttributeType').values;
    expect({
      FLOAT: attributeTypes.FLOAT,
      INT: attributeTypes.INT,
      INTS: attributeTypes.INTS,
    }).toEqual(ATTRIBUTE_TYPE);
    expect(ONNX_OPSET_VERSION).toBe(13);
  });
});
