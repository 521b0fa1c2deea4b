import { hwcRowsToChwRows, hwioToOihw } from '@lenet-lab/onnx';
import { SeededRandom } from '@lenet-lab/training';

function randomValues(seed: number, length: number): Float32Array {
  const random = new SeededRandom(seed);
  return Float32Array.from({ length }, () => random.uniform(-1, 1));
}

describe('hwioToOihw', () => {
  it('moves kernel[y][x][i][o] to weight[o][i][y][x]', () => {
    const [kh, kw, ci, co] = [3, 2, 4, 5];
    // Each value encodes its own HWIO position, so any misplacement shows.
    const kernel = new Float32Array(kh * kw * ci * co);
    for (let y = 0; y < kh; y++)
      for (let x = 0; x < kw; x++)
        for (let i = 0; i < ci; i++)
          for (let o = 0; o < co; o++)
            kernel[((y * kw + x) * ci + i) * co + o] = 1000 * y + 100 * x + 10 * i + o;
    const weight = hwioToOihw(kernel, [kh, kw, ci, co]);
    for (let o = 0; o < co; o++)
      for (let i = 0; i < ci; i++)
        for (let y = 0; y < kh; y++)
          for (let x = 0; x < kw; x++)
            expect(weight[((o * ci + i) * kh + y) * kw + x]).toBe(1000 * y + 100 * x + 10 * i + o);
  });
});

describe('hwcRowsToChwRows', () => {
  it('gives the same product for NCHW-flattened features as the original for NHWC ones', () => {
    const [h, w, c, units] = [4, 3, 5, 7];
    const features = randomValues(1, h * w * c); // NHWC order
    const kernel = randomValues(2, h * w * c * units);
    const nchwFeatures = new Float32Array(features.length);
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++)
        for (let ch = 0; ch < c; ch++)
          nchwFeatures[(ch * h + y) * w + x] = features[(y * w + x) * c + ch];
    const permuted = hwcRowsToChwRows(kernel, [h, w, c], units);
    const product = (input: Float32Array, matrix: Float32Array) =>
      Array.from({ length: units }, (_, u) =>
        input.reduce((sum, value, row) => sum + value * matrix[row * units + u], 0),
      );
    const expected = product(features, kernel);
    product(nchwFeatures, permuted).forEach((value, u) =>
      expect(value).toBeCloseTo(expected[u], 5),
    );
  });

  it('rejects a kernel whose size does not match the feature shape', () => {
    expect(() => hwcRowsToChwRows(new Float32Array(10), [2, 2, 2], 3)).toThrow(RangeError);
  });
});
