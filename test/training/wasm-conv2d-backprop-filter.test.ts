import * as tf from '@tensorflow/tfjs-core';
import { Conv2DBackpropFilter, type Conv2DBackpropFilterAttrs } from '@tensorflow/tfjs-core';
import { initBackend, SeededRandom, UnsupportedKernelAttrsError } from '@lenet-lab/training';

const RELATIVE_TOLERANCE = 1e-4;

type Shape4 = [number, number, number, number];

function randomValues(size: number, seed: number): Float32Array {
  const random = new SeededRandom(seed);
  return Float32Array.from({ length: size }, () => random.uniform(-1, 1));
}

/** The cpu backend's own kernel, called directly so the global backend stays wasm. */
function cpuFilterGrad(
  x: Float32Array,
  xShape: Shape4,
  dy: Float32Array,
  dyShape: Shape4,
  attrs: Conv2DBackpropFilterAttrs,
): Float32Array {
  const cpu = tf.findBackend('cpu')!;
  const info = (values: Float32Array, shape: number[]): tf.TensorInfo => ({
    dataId: cpu.write(values, shape, 'float32'),
    shape,
    dtype: 'float32',
  });
  const kernel = tf.getKernel(Conv2DBackpropFilter, 'cpu')!;
  const out = kernel.kernelFunc({
    inputs: { x: info(x, xShape), dy: info(dy, dyShape) },
    backend: cpu,
    attrs: attrs as unknown as tf.NamedAttrMap,
  }) as tf.TensorInfo;
  return cpu.readSync(out.dataId) as Float32Array;
}

function wasmFilterGrad(
  x: Float32Array,
  xShape: Shape4,
  dy: Float32Array,
  dyShape: Shape4,
  attrs: Conv2DBackpropFilterAttrs,
): Float32Array {
  return tf.tidy(() => {
    const result = tf
      .engine()
      .runKernel(
        Conv2DBackpropFilter,
        { x: tf.tensor4d(x, xShape), dy: tf.tensor4d(dy, dyShape) },
        attrs as unknown as tf.NamedAttrMap,
      ) as tf.Tensor;
    return result.dataSync() as Float32Array;
  });
}

const LENET_ATTRS = (filterShape: Shape4): Conv2DBackpropFilterAttrs => ({
  strides: 1,
  pad: 'valid',
  dataFormat: 'NHWC',
  dimRoundingMode: undefined,
  filterShape,
});

beforeAll(async () => {
  // Initialise cpu first so its backend object exists, then make wasm the active one.
  await tf.setBackend('cpu');
  await initBackend({ backend: 'wasm' });
});

describe('wasm Conv2DBackpropFilter', () => {
  it.each([
    ['conv1 of LeNet-5', [8, 28, 28, 1], [5, 5, 1, 6]],
    ['conv2 of LeNet-5', [8, 12, 12, 6], [5, 5, 6, 16]],
    ['a batch of 3', [3, 12, 12, 6], [5, 5, 6, 16]],
    ['non-square input and filter', [3, 9, 11, 2], [3, 4, 2, 5]],
  ] as [string, Shape4, Shape4][])(
    'matches the cpu kernel for %s',
    (_name, xShape, filterShape) => {
      const dyShape: Shape4 = [
        xShape[0],
        xShape[1] - filterShape[0] + 1,
        xShape[2] - filterShape[1] + 1,
        filterShape[3],
      ];
      const x = randomValues(
        xShape.reduce((a, b) => a * b),
        1,
      );
      const dy = randomValues(
        dyShape.reduce((a, b) => a * b),
        2,
      );
      const attrs = LENET_ATTRS(filterShape);

      const expected = cpuFilterGrad(x, xShape, dy, dyShape, attrs);
      const actual = wasmFilterGrad(x, xShape, dy, dyShape, attrs);

      expect(actual.length).toBe(filterShape.reduce((a, b) => a * b));
      const scale = Math.max(...expected.map(Math.abs));
      let worst = 0;
      for (let i = 0; i < expected.length; i++) {
        worst = Math.max(worst, Math.abs(actual[i] - expected[i]) / scale);
      }
      expect(worst).toBeLessThan(RELATIVE_TOLERANCE);
    },
  );

  it('drives the gradient of tf.conv2d on wasm', () => {
    const x = tf.tensor4d(randomValues(2 * 8 * 8 * 3, 3), [2, 8, 8, 3]);
    const filter = tf.tensor4d(randomValues(3 * 3 * 3 * 4, 4), [3, 3, 3, 4]);
    const gradient = tf.grad((f) => tf.sum(tf.conv2d(x, f as tf.Tensor4D, 1, 'valid')))(filter);
    // d/dW of Σ conv = Σ over positions of the input patch: equal for every output channel.
    const values = gradient.arraySync() as number[][][][];
    for (const row of values)
      for (const col of row)
        for (const inC of col) {
          expect(new Set(inC.map((v) => v.toFixed(3))).size).toBe(1);
        }
    tf.dispose([x, filter, gradient]);
  });

  it.each([
    ['stride 2', { strides: 2 }],
    ['same padding', { pad: 'same' }],
    ['NCHW', { dataFormat: 'NCHW' }],
  ] as [string, Partial<Conv2DBackpropFilterAttrs>][])(
    'throws UnsupportedKernelAttrsError for %s',
    (_name, change) => {
      const xShape: Shape4 = [1, 8, 8, 1];
      const dyShape: Shape4 = [1, 4, 4, 2];
      const run = () =>
        wasmFilterGrad(new Float32Array(64), xShape, new Float32Array(32), dyShape, {
          ...LENET_ATTRS([5, 5, 1, 2]),
          ...change,
        });
      expect(run).toThrow(UnsupportedKernelAttrsError);
      expect(run).toThrow(/Conv2DBackpropFilter/);
    },
  );
});
