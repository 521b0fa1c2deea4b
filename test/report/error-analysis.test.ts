import {
  buildAblationReport,
  mostConfusedPairs,
  perClassAccuracy,
  sumMatrices,
} from '@lenet-lab/report';
import {
  confusionMatrixWith,
  experiment,
  fakeTestImage,
  misclassified,
  reportInput,
  TEST_IMAGES_PER_CLASS,
} from './support/report-fixtures';

function twoSeeds() {
  return reportInput(
    [
      experiment('baseline', 1, {
        result: {
          confusionMatrix: confusionMatrixWith([
            [4, 9, 6],
            [7, 2, 2],
          ]),
          misclassified: misclassified([11, 4, 9, 0.99], [12, 4, 9, 0.8], [13, 7, 2, 0.7]),
        },
      }),
      experiment('baseline', 2, {
        result: {
          confusionMatrix: confusionMatrixWith([
            [4, 9, 4],
            [9, 4, 3],
            [7, 1, 5],
          ]),
          misclassified: misclassified([21, 7, 1, 0.95]),
        },
      }),
    ],
    ['baseline'],
    [1, 2],
  );
}

describe('error analysis', () => {
  it('sums the confusion matrices of the seeds', () => {
    const analysis = buildAblationReport(twoSeeds()).errorAnalysis[0];

    expect(analysis.seeds).toEqual([1, 2]);
    expect(analysis.confusionMatrix?.[4][9]).toBe(10);
    expect(analysis.confusionMatrix?.[4][4]).toBe(2 * TEST_IMAGES_PER_CLASS - 10);
    expect(analysis.total).toBe(2 * 10 * TEST_IMAGES_PER_CLASS);
    expect(analysis.errors).toBe(20);
  });

  it('gives per-class accuracy of the summed matrix', () => {
    const analysis = buildAblationReport(twoSeeds()).errorAnalysis[0];

    expect(analysis.perClassAccuracy[4]).toBeCloseTo(190 / 200, 12);
    expect(analysis.perClassAccuracy[7]).toBeCloseTo(193 / 200, 12);
    expect(analysis.perClassAccuracy[0]).toBe(1);
  });

  it('lists the most confused pairs with their share of all errors', () => {
    const analysis = buildAblationReport(twoSeeds(), { confusedPairs: 3 }).errorAnalysis[0];

    expect(analysis.confusedPairs).toEqual([
      { label: 4, predicted: 9, count: 10, shareOfErrors: 0.5, rateOfClass: 0.05 },
      { label: 7, predicted: 1, count: 5, shareOfErrors: 0.25, rateOfClass: 0.025 },
      { label: 9, predicted: 4, count: 3, shareOfErrors: 0.15, rateOfClass: 0.015 },
    ]);
  });

  it('builds the gallery from the first seed, with the test images as PNGs', () => {
    const input = { ...twoSeeds(), testImage: fakeTestImage };

    const analysis = buildAblationReport(input, { galleryLimit: 2 }).errorAnalysis[0];

    expect(analysis.gallerySeed).toBe(1);
    const image = expect.stringMatching(/^data:image\/png;base64,[A-Za-z0-9+/=]+$/);
    expect(analysis.gallery).toEqual([
      { seed: 1, index: 11, label: 4, predicted: 9, confidence: 0.99, image },
      { seed: 1, index: 12, label: 4, predicted: 9, confidence: 0.8, image },
    ]);
  });

  it('leaves gallery images out when the caller has no test images', () => {
    const analysis = buildAblationReport(twoSeeds()).errorAnalysis[0];

    expect(analysis.gallery).toHaveLength(3);
    expect(analysis.gallery.every((item) => item.image === null)).toBe(true);
  });

  it('skips a seed without a result and takes the gallery from the next', () => {
    const input = twoSeeds();
    input.experiments[0].result = null;

    const analysis = buildAblationReport(input).errorAnalysis[0];

    expect(analysis.seeds).toEqual([2]);
    expect(analysis.gallerySeed).toBe(2);
  });

  it('leaves out, with a warning, a confusion matrix of another shape', () => {
    const input = twoSeeds();
    input.experiments[1].result!.confusionMatrix = [
      [1, 0],
      [0, 1],
    ];

    const report = buildAblationReport(input);

    expect(report.errorAnalysis[0].seeds).toEqual([1]);
    expect(report.warnings).toEqual([
      'experiment exp-baseline-2 (preset baseline, seed 2) has a confusion matrix of another shape; left out of the error analysis',
    ]);
  });
});

describe('confusion helpers', () => {
  it('sumMatrices is null for no matrices', () => {
    expect(sumMatrices([])).toBeNull();
  });

  it('perClassAccuracy is null for a class without test images', () => {
    expect(
      perClassAccuracy([
        [3, 1],
        [0, 0],
      ]),
    ).toEqual([0.75, null]);
  });

  it('mostConfusedPairs breaks ties by true then predicted label', () => {
    const pairs = mostConfusedPairs(
      [
        [5, 2, 2],
        [2, 5, 0],
        [0, 0, 5],
      ],
      10,
    );
    expect(pairs.map((p) => `${p.label}→${p.predicted}`)).toEqual(['0→1', '0→2', '1→0']);
  });
});
