import { testAccuracyChartSpec, trainLossChartSpec } from '@lenet-lab/report';
import { smallReport } from './support/small-report';

interface LineSpec {
  data: { values: { preset: string; epoch: number; value: number; seeds: number }[] };
  encoding: { y: { scale: { type: string } }; color: { scale: { domain: string[] } } };
}

describe('chart specs', () => {
  it('plot test accuracy in percent, one series per preset in table order', () => {
    const spec = testAccuracyChartSpec(smallReport()) as unknown as LineSpec;

    expect(spec.encoding.color.scale.domain).toEqual(['Baseline', '+ augmentation', '+ BatchNorm']);
    const last = spec.data.values.find((d) => d.preset === '+ BatchNorm' && d.epoch === 5)!;
    expect(last.value).toBeCloseTo(98.6, 10);
    // Seed 1 of batchnorm stopped at epoch 3, so epoch 5 rests on one seed.
    expect(last.seeds).toBe(1);
  });

  it('put the training loss on a log scale unless a mean loss is 0', () => {
    const report = smallReport();
    expect((trainLossChartSpec(report) as unknown as LineSpec).encoding.y.scale.type).toBe('log');

    report.curves[0].points[0].trainLoss = { mean: 0, n: 2 };
    expect((trainLossChartSpec(report) as unknown as LineSpec).encoding.y.scale.type).toBe(
      'linear',
    );
  });
});
