import { renderJson } from '@lenet-lab/report';
import { smallReport } from './support/small-report';

describe('renderJson', () => {
  it('is the report itself', () => {
    const report = smallReport();

    expect(JSON.parse(renderJson(report))).toEqual(report);
  });

  it('keeps the documented top-level fields', () => {
    const parsed = JSON.parse(renderJson(smallReport()));

    expect(Object.keys(parsed)).toEqual([
      'schemaVersion',
      'ablation',
      'generatedAt',
      'baselinePreset',
      'rows',
      'curves',
      'errorAnalysis',
      'reproducibility',
      'warnings',
    ]);
    expect(Object.keys(parsed.rows[0])).toEqual([
      'preset',
      'label',
      'completeness',
      'statusText',
      'seedsExpected',
      'seedsCounted',
      'seeds',
      'testAccuracy',
      'publishedTestAccuracy',
      'bestValAccuracy',
      'bestEpochMean',
      'epochsRunMean',
      'stoppedEarly',
      'secondsPerEpoch',
      'imagesPerSecond',
      'backends',
      'vsBaseline',
    ]);
  });
});
