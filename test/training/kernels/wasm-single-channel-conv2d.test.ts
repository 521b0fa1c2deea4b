import * as tf from '@tensorflow/tfjs-core';
import { Conv2D, FusedConv2D } from '@tensorflow/tfjs-core';
import { wasmSingleChannelConv2DOverrides } from '@lenet-lab/training/kernels/wasm-single-channel-conv2d';
import {
  initWasmWithCpuReference,
  randomInput,
  runStockWasm,
  runWasm,
  type KernelInput,
} from './kernel-harness';

beforeAll(initWasmWithCpuReference);

interface Case {
  name: string;
  x: number[];
  filter: number[];
  attrs?: object;
}

const CASES: Case[] = [
  { name: 'conv1 of LeNet-5, batch 64', x: [64, 28, 28, 1], filter: [5, 5, 1, 6] },
  { name: 'conv1 on the last partial batch', x: [32, 28, 28, 1], filter: [5, 5, 1, 6] },
  { name: 'a 1×1 filter', x: [16, 8, 8, 1], filter: [1, 1, 1, 3] },
  { name: 'a 9-wide filter, 7 output channels', x: [16, 12, 16, 1], filter: [2, 9, 1, 7] },
  {
    name: 'a batch of 1, as a prediction (the stock kernel)',
    x: [1, 28, 28, 1],
    filter: [5, 5, 1, 6],
  },
  {
    name: 'a width not divisible by 4 (the stock kernel)',
    x: [2, 27, 27, 1],
    filter: [5, 5, 1, 6],
  },
  { name: 'a 3×3 filter (the stock kernel)', x: [2, 28, 28, 1], filter: [3, 3, 1, 6] },
  { name: 'two input channels (the stock kernel)', x: [2, 28, 28, 2], filter: [5, 5, 2, 6] },
  {
    name: 'stride 2 (the stock kernel)',
    x: [2, 28, 28, 1],
    filter: [5, 5, 1, 6],
    attrs: { strides: 2 },
  },
  {
    name: 'same padding (the stock kernel)',
    x: [2, 28, 28, 1],
    filter: [5, 5, 1, 6],
    attrs: { pad: 'same' },
  },
];

const ATTRS = { strides: 1, pad: 'valid', dilations: 1, dataFormat: 'NHWC' };

function expectSameAsStock(kernelName: string, inputs: Record<string, KernelInput>, attrs: object) {
  const actual = runWasm(kernelName, inputs, attrs);
  const expected = runStockWasm(kernelName, inputs, attrs);
  expect(actual.shape).toEqual(expected.shape);
  expect(actual.values).toEqual(expected.values);
}

describe('wasm convolution of a single input channel', () => {
  it.each(CASES)('Conv2D equals the stock kernel bit for bit for $name', (c) => {
    const inputs = { x: randomInput(c.x, 1), filter: randomInput(c.filter, 2) };
    expectSameAsStock(Conv2D, inputs, { ...ATTRS, ...c.attrs });
  });

  it.each(CASES)('FusedConv2D with a bias equals the stock kernel bit for bit for $name', (c) => {
    const inputs = {
      x: randomInput(c.x, 3),
      filter: randomInput(c.filter, 4),
      bias: randomInput([c.filter[3]], 5),
    };
    expectSameAsStock(FusedConv2D, inputs, { ...ATTRS, activation: 'linear', ...c.attrs });
  });

  it('FusedConv2D with ReLU and no bias equals the stock kernel bit for bit', () => {
    const inputs = { x: randomInput([8, 28, 28, 1], 6), filter: randomInput([5, 5, 1, 6], 7) };
    expectSameAsStock(FusedConv2D, inputs, { ...ATTRS, activation: 'relu' });
  });

  it('runs conv1 of LeNet-5 as a convolution of 4 folded columns with 24 output channels', () => {
    const backend = tf.findBackend('wasm')!;
    const write = (shape: number[], seed: number): tf.TensorInfo => ({
      dataId: backend.write(randomInput(shape, seed).values, shape, 'float32'),
      shape,
      dtype: 'float32',
    });
    const x = write([64, 28, 28, 1], 8);
    const filter = write([5, 5, 1, 6], 9);
    const seen: number[][] = [];
    const stock: tf.KernelFunc = (args) => {
      seen.push(args.inputs.x!.shape, args.inputs.filter!.shape);
      return tf.getKernel(Conv2D, 'wasm')!.kernelFunc(args);
    };
    const [conv2DOverride] = wasmSingleChannelConv2DOverrides;
    const out = conv2DOverride.fastPath(
      { inputs: { x, filter }, backend, attrs: ATTRS as unknown as tf.NamedAttrMap },
      stock,
    ) as tf.TensorInfo;
    expect(seen).toEqual([
      [64, 28, 7, 4],
      [5, 2, 4, 24],
    ]);
    expect(out.shape).toEqual([64, 24, 24, 6]);
    for (const info of [x, filter, out]) backend.disposeData(info.dataId);
  });
});
