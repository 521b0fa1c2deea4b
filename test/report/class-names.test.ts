import {
  buildAblationReport,
  renderCharts,
  renderHtml,
  renderJson,
  renderMarkdown,
  type AblationReport,
  type ReportInput,
} from '@lenet-lab/report';
import { DATASET_REGISTRY, type DatasetName } from '@lenet-lab/mnist';
import { parse } from 'node-html-parser';
import {
  confusionMatrixWith,
  experiment,
  fakeTestImage,
  misclassified,
  reportInput,
} from './support/report-fixtures';

const FASHION = DATASET_REGISTRY['fashion-mnist'].classNames;

/** One preset, one seed, trained on `dataset`: a Sneaker (7) taken for a Sandal (5) 12 times. */
function reportOn(
  dataset: DatasetName,
  testImage: ReportInput['testImage'] = fakeTestImage,
): AblationReport {
  const input = reportInput(
    [
      experiment('baseline', 1, {
        config: { dataset, seed: 1 },
        result: {
          confusionMatrix: confusionMatrixWith([[7, 5, 12]]),
          misclassified: misclassified([42, 7, 5, 0.93]),
        },
      }),
    ],
    ['baseline'],
    [1],
  );
  return buildAblationReport({ ...input, testImage });
}

describe("the report's error analysis names the classes of the experiments' dataset", () => {
  it('carries the dataset and its class names in the JSON report', () => {
    const analysis = JSON.parse(renderJson(reportOn('fashion-mnist'))).errorAnalysis[0];

    expect(analysis.dataset).toBe('fashion-mnist');
    expect(analysis.classNames).toEqual([
      'T-shirt/top',
      'Trouser',
      'Pullover',
      'Dress',
      'Coat',
      'Sandal',
      'Shirt',
      'Sneaker',
      'Bag',
      'Ankle boot',
    ]);
    expect(analysis.confusedPairs[0]).toMatchObject({ label: 7, predicted: 5, count: 12 });
  });

  it("asks for the gallery's images from the test set of that dataset", () => {
    const asked: [number, DatasetName][] = [];
    reportOn('fashion-mnist', (index, dataset) => {
      asked.push([index, dataset]);
      return fakeTestImage(index);
    });

    expect(asked).toEqual([[42, 'fashion-mnist']]);
  });

  it('labels the HTML confusion matrix, confused pairs and gallery by class name', async () => {
    const report = reportOn('fashion-mnist');
    const page = parse(renderHtml(report, await renderCharts(report)));

    const header = page.querySelectorAll('.confusion-matrix thead th').map((th) => th.text);
    expect(header.slice(1, 11)).toEqual(FASHION);
    const rowHeads = page.querySelectorAll('.confusion-matrix tbody th').map((th) => th.text);
    expect(rowHeads).toEqual(FASHION);
    expect(page.querySelector('.confused-pairs tbody td')?.text).toBe('Sneaker → Sandal');
    expect(page.querySelector('#gallery figcaption')?.text).toMatch(/^Sneaker → Sandal \(0\.93\)/);
    expect(page.querySelector('#gallery img')?.getAttribute('alt')).toBe(
      'test image 42: true Sneaker, predicted Sandal',
    );
  });

  it('labels the Markdown tables and gallery by class name', () => {
    const markdown = renderMarkdown(reportOn('fashion-mnist'));

    expect(markdown).toContain(`| True \\\\ predicted | ${FASHION.join(' | ')} |`);
    expect(markdown).toContain('| Sneaker → Sandal | 12 |');
    expect(markdown).toContain('#42: Sneaker → Sandal (0.93)');
  });

  it('names MNIST classes by their digits, as before', () => {
    const report = reportOn('mnist');
    const markdown = renderMarkdown(report);

    expect(report.errorAnalysis[0].classNames).toEqual(DATASET_REGISTRY.mnist.classNames);
    expect(markdown).toContain('| True \\\\ predicted | 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 |');
    expect(markdown).toContain('#42: 7 → 5 (0.93)');
  });
});
