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
      'parameters',
      'multiplyAddsPerImage',
      'backends',
      'predictionLatency',
      'vsBaseline',
    ]);
  });

  it('carries each seed’s model links and each preset’s prediction latency', () => {
    const parsed = JSON.parse(renderJson(smallReport()));
    const batchnorm = parsed.rows[2];

    expect(Object.keys(batchnorm.seeds[0])).toContain('models');
    expect(batchnorm.seeds[0].models[0]).toEqual({
      variant: 'best',
      reported: true,
      epoch: 2,
      testAccuracy: 0.985,
      latency: [
        { batchSize: 1, msPerBatch: 0.5, msPerImage: 0.5 },
        { batchSize: 256, msPerBatch: 5.12, msPerImage: 0.02 },
      ],
      backend: 'cpu',
      links: {
        tfjs: '/api/experiments/exp-batchnorm-1/model?variant=best',
        onnx: '/api/experiments/exp-batchnorm-1/model.onnx?variant=best',
      },
    });
    expect(batchnorm.seeds[1].models[0].latency).toBeNull();
    expect(batchnorm.predictionLatency).toEqual({
      batches: [
        { batchSize: 1, n: 1, msPerImage: 0.5, msPerBatch: 0.5 },
        { batchSize: 256, n: 1, msPerImage: 0.02, msPerBatch: 5.12 },
      ],
      backends: ['cpu'],
      unmeasuredSeeds: [2],
    });
    expect(parsed.rows[1].predictionLatency).toEqual({
      batches: [],
      backends: [],
      unmeasuredSeeds: [1],
    });
  });
});
