import { buildAblationReport, type AblationReport, type ReportInput } from '@lenet-lab/report';
import { epochMetrics, experiment, fakeTestImage, keptModel, reportInput } from './report-fixtures';

export const HOSTILE_NAME = '<script>alert("x")</script> & co';

/**
 * Three presets × two seeds: the middle preset lost a seed to a failure, the last one stopped
 * early, and names carry markup and CSV metacharacters to prove the renderers escape them.
 * Models: the middle preset's completed seed predates kept models, the early-stopped seed kept
 * its best and final models, and the last seed's latency was not measured.
 */
export function smallInput(): ReportInput {
  const input = reportInput(
    [
      experiment('baseline', 1, { testAccuracy: 0.975 }),
      experiment('baseline', 2, { testAccuracy: 0.973 }),
      experiment('augmentation', 1, { testAccuracy: 0.982, models: [] }),
      experiment('augmentation', 2, {
        status: 'failed',
        error: 'worker lost, "twice"',
        testAccuracy: null,
        result: null,
      }),
      experiment('batchnorm', 1, {
        testAccuracy: 0.985,
        metrics: epochMetrics(3, 0.985),
        stoppedEarly: true,
        bestEpoch: 2,
        models: [
          keptModel({ variant: 'final', epoch: 3, testAccuracy: 0.984 }),
          keptModel({ variant: 'best', epoch: 2, testAccuracy: 0.985 }),
        ],
      }),
      experiment('batchnorm', 2, {
        testAccuracy: 0.986,
        models: [keptModel({ testAccuracy: 0.986, latency: null })],
      }),
    ],
    ['baseline', 'augmentation', 'batchnorm'],
    [1, 2],
  );
  input.ablation.name = HOSTILE_NAME;
  return { ...input, testImage: fakeTestImage };
}

export function smallReport(): AblationReport {
  return buildAblationReport(smallInput(), { galleryLimit: 2 });
}
