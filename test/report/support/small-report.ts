import { buildAblationReport, type AblationReport, type ReportInput } from '@lenet-lab/report';
import { epochMetrics, experiment, fakeTestImage, reportInput } from './report-fixtures';

export const HOSTILE_NAME = '<script>alert("x")</script> & co';

/**
 * Three presets × two seeds: the middle preset lost a seed to a failure, the last one stopped
 * early, and names carry markup and CSV metacharacters to prove the renderers escape them.
 */
export function smallInput(): ReportInput {
  const input = reportInput(
    [
      experiment('baseline', 1, { testAccuracy: 0.975 }),
      experiment('baseline', 2, { testAccuracy: 0.973 }),
      experiment('augmentation', 1, { testAccuracy: 0.982 }),
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
      }),
      experiment('batchnorm', 2, { testAccuracy: 0.986 }),
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
