import { SEED_LENET5_WIDTH } from '@lenet-lab/config';
import { createLeNet5, initBackend, lenet5Cost, lenet5FeatureSizes } from '@lenet-lab/training';

const LIGHT = { conv1: 4, conv2: 8, fc1: 60, fc2: 42 };
const WIDE = { conv1: 12, conv2: 32, fc1: 240, fc2: 168 };

beforeAll(async () => {
  await initBackend({ backend: 'wasm' });
});

describe('lenet5Cost', () => {
  it('walks 28 → 24 → 12 → 8 → 4, as 5×5 valid convolutions and 2×2 pools do', () => {
    expect(lenet5FeatureSizes()).toEqual({ conv1: 24, pool1: 12, conv2: 8, pool2: 4 });
  });

  it("prices the seed's LeNet-5 as counted by hand", () => {
    // (inputs + 1 bias) × outputs per layer; fc1's inputs are 16 channels × 4 × 4.
    const parameters =
      (5 * 5 * 1 + 1) * 6 + (5 * 5 * 6 + 1) * 16 + (256 + 1) * 120 + (120 + 1) * 84 + (84 + 1) * 10;
    // Inputs × outputs at every output position: 24×24 for conv1, 8×8 for conv2.
    const multiplyAdds = 24 * 24 * 6 * 25 + 8 * 8 * 16 * 150 + 256 * 120 + 120 * 84 + 84 * 10;
    expect(parameters).toBe(44_426);
    expect(multiplyAdds).toBe(281_640);
    expect(lenet5Cost({ width: SEED_LENET5_WIDTH, batchNorm: false })).toEqual({
      parameters,
      multiplyAdds,
    });
  });

  it("adds BatchNorm's scale and shift per channel and no multiply-adds", () => {
    expect(lenet5Cost({ width: SEED_LENET5_WIDTH, batchNorm: true })).toEqual({
      parameters: 44_426 + 2 * (6 + 16),
      multiplyAdds: 281_640,
    });
  });

  it.each([
    ['the seed', SEED_LENET5_WIDTH, false],
    ['a lighter LeNet', LIGHT, false],
    ['a wider LeNet with BatchNorm', WIDE, true],
  ])("counts %s's trainable weights as tfjs holds them", (_name, width, batchNorm) => {
    const model = createLeNet5({ width, batchNorm });
    const trainable = model.trainableWeights.reduce(
      (sum, weight) => sum + weight.shape.reduce((a: number, b) => a * (b ?? 1), 1),
      0,
    );
    expect(lenet5Cost({ width, batchNorm }).parameters).toBe(trainable);
    model.dispose();
  });

  it('grows about fourfold in multiply-adds when every width doubles', () => {
    const seed = lenet5Cost({ width: SEED_LENET5_WIDTH, batchNorm: false }).multiplyAdds;
    const wide = lenet5Cost({ width: WIDE, batchNorm: false }).multiplyAdds;
    // conv1 and the logits layer grow only twofold: their other side is fixed.
    expect(wide / seed).toBeGreaterThan(3);
    expect(wide / seed).toBeLessThan(4);
  });
});
