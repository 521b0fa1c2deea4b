import { resolveConfig } from '@lenet-lab/config';
import { lrForEpoch } from '@lenet-lab/training';

describe('lrForEpoch', () => {
  const stepConfig = resolveConfig({ preset: 'lr-decay-early-stop' });

  it('keeps the base rate for every epoch without a schedule', () => {
    const config = resolveConfig({ preset: 'baseline' });
    expect([1, 5, 6, 20].map((epoch) => lrForEpoch(config, epoch))).toEqual([
      0.01, 0.01, 0.01, 0.01,
    ]);
  });

  it('decays by gamma after every stepSize epochs, as StepLR stepped per epoch', () => {
    const rates = [1, 5, 6, 10, 11, 15, 16].map((epoch) => lrForEpoch(stepConfig, epoch));
    const expected = [0.01, 0.01, 0.001, 0.001, 0.0001, 0.0001, 0.00001];
    rates.forEach((rate, i) => expect(rate).toBeCloseTo(expected[i], 12));
  });

  it('decays after every epoch when stepSize is 1', () => {
    const config = resolveConfig({
      overrides: {
        lrSchedule: { type: 'step', stepSize: 1, gamma: 0.5 },
        optimizer: { learningRate: 0.1 },
      },
    });
    expect([1, 2, 3].map((epoch) => lrForEpoch(config, epoch))).toEqual([0.1, 0.05, 0.025]);
  });

  it('never decays with gamma 1', () => {
    const config = resolveConfig({ overrides: { lrSchedule: { type: 'step', gamma: 1 } } });
    expect(lrForEpoch(config, 200)).toBe(0.01);
  });

  it.each([0, -1, 1.5, Number.NaN])('rejects epoch %p (epochs are 1-based integers)', (epoch) => {
    expect(() => lrForEpoch(stepConfig, epoch)).toThrow(RangeError);
  });
});
