import { buildAblationReport } from '@lenet-lab/report';
import { epochMetrics, experiment, reportInput } from './support/report-fixtures';

describe('mean curves', () => {
  it('averages each epoch over the seeds that reached it when runs stopped early', () => {
    const input = reportInput(
      [
        experiment('baseline', 1, { metrics: epochMetrics(5, 0.98), stoppedEarly: false }),
        experiment('baseline', 2, {
          metrics: epochMetrics(3, 0.97),
          epochsRun: 3,
          stoppedEarly: true,
        }),
        experiment('baseline', 3, {
          metrics: epochMetrics(4, 0.96),
          epochsRun: 4,
          stoppedEarly: true,
        }),
      ],
      ['baseline'],
    );

    const report = buildAblationReport(input);
    const curves = report.curves[0];

    expect(curves.seedsCounted).toBe(3);
    expect(curves.points.map((p) => p.epoch)).toEqual([1, 2, 3, 4, 5]);
    expect(curves.points.map((p) => p.seeds)).toEqual([3, 3, 3, 2, 1]);
    // Epoch 4: seed 1 at 0.98 − 0.01, seed 3 at its final 0.96; seed 2 had stopped.
    expect(curves.points[3].testAccuracy).toEqual({ mean: expect.closeTo(0.965, 12), n: 2 });
    expect(curves.points[4].testAccuracy).toEqual({ mean: expect.closeTo(0.98, 12), n: 1 });
    expect(curves.points[0].trainLoss).toEqual({ mean: 0.5, n: 3 });
    expect(curves.note).toBe(
      'runs ended at different epochs (3, 4, 5): from epoch 4 on, each point is the mean over only the seeds that reached it',
    );
    expect(report.rows[0].stoppedEarly).toBe(2);
    expect(report.rows[0].epochsRunMean).toBe(4);
  });

  it('has no note when every run has the same length', () => {
    expect(buildAblationReport(reportInput(undefined, ['baseline'])).curves[0].note).toBeNull();
  });

  it('leaves a diverged (NaN) loss out of the mean and counts it out', () => {
    const input = reportInput(
      [
        experiment('baseline', 1, {
          metrics: epochMetrics(2, 0.98, (epoch) => (epoch === 2 ? { trainLoss: NaN } : {})),
        }),
        experiment('baseline', 2, { metrics: epochMetrics(2, 0.98) }),
      ],
      ['baseline'],
      [1, 2],
    );

    const point = buildAblationReport(input).curves[0].points[1];

    expect(point.seeds).toBe(2);
    expect(point.trainLoss).toEqual({ mean: 0.25, n: 1 });
  });

  it('has null values where no seed recorded a metric', () => {
    const input = reportInput(
      [
        experiment('baseline', 1, {
          metrics: epochMetrics(2, 0.98, () => ({ valAccuracy: null, testAccuracy: null })),
        }),
      ],
      ['baseline'],
      [1],
    );

    const point = buildAblationReport(input).curves[0].points[0];

    expect(point.valAccuracy).toBeNull();
    expect(point.testAccuracy).toBeNull();
  });

  it('leaves failed runs out of the curves', () => {
    const input = reportInput(
      [
        experiment('baseline', 1, { metrics: epochMetrics(2, 0.98) }),
        experiment('baseline', 2, {
          status: 'failed',
          testAccuracy: null,
          metrics: epochMetrics(1, 0.5),
        }),
      ],
      ['baseline'],
      [1, 2],
    );

    const curves = buildAblationReport(input).curves[0];

    expect(curves.points.map((p) => p.seeds)).toEqual([1, 1]);
    expect(curves.points[0].testAccuracy?.mean).toBeCloseTo(0.97, 12);
  });
});
