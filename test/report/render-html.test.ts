import { renderCharts, renderHtml, type ReportCharts } from '@lenet-lab/report';
import { parse, type HTMLElement } from 'node-html-parser';
import { PNG } from 'pngjs';
import { fakeTestImage } from './support/report-fixtures';
import { HOSTILE_NAME, smallReport } from './support/small-report';

describe('renderHtml', () => {
  const report = smallReport();
  let charts: ReportCharts;
  let html: string;
  let page: HTMLElement;

  beforeAll(async () => {
    charts = await renderCharts(report);
    html = renderHtml(report, charts);
    page = parse(html);
  });

  it('has the elements a browser test looks for', () => {
    expect(page.querySelector('#comparison-table')).not.toBeNull();
    expect(page.querySelector('#chart-train-loss')).not.toBeNull();
    expect(page.querySelector('#chart-test-accuracy')).not.toBeNull();
    expect(page.querySelectorAll('.confusion-matrix')).toHaveLength(3);
    expect(page.querySelectorAll('#gallery img')).toHaveLength(6);
    expect(page.querySelector('#reproducibility')).not.toBeNull();
  });

  it('puts one comparison row per preset, marking the incomplete one', () => {
    const rows = page.querySelectorAll('#comparison-table tbody tr');

    expect(rows.map((row) => row.getAttribute('data-preset'))).toEqual([
      'baseline',
      'augmentation',
      'batchnorm',
    ]);
    expect(rows.map((row) => row.classList.contains('incomplete'))).toEqual([false, true, false]);
    expect(rows[1].text).toContain('seed 2 failed: worker lost, "twice"');
  });

  it('inlines both charts as SVG, one line per preset in the legend', () => {
    for (const id of ['#chart-train-loss', '#chart-test-accuracy']) {
      const figure = page.querySelector(id)!;
      expect(figure.innerHTML.startsWith('<svg')).toBe(true);
      for (const label of ['Baseline', '+ augmentation', '+ BatchNorm']) {
        expect(figure.innerHTML).toContain(`>${label}</text>`);
      }
    }
  });

  it('escapes names from the data', () => {
    expect(html).not.toMatch(/<script/i);
    expect(page.querySelector('title')!.text).toBe(`Ablation report: ${HOSTILE_NAME}`);
    expect(page.querySelector('h1')!.text).toBe(`Ablation report: ${HOSTILE_NAME}`);
  });

  it('escapes names inside the charts too', async () => {
    const hostile = smallReport();
    hostile.curves[0].label = '<script>alert(1)</script>';

    const hostileCharts = await renderCharts(hostile);

    expect(hostileCharts.trainLoss).not.toMatch(/<script/i);
    expect(hostileCharts.trainLoss).toContain('&lt;script&gt;');
  });

  it('is self-contained: no scripts, stylesheets or remote resources', () => {
    expect(page.querySelectorAll('script, link, iframe')).toHaveLength(0);
    const sources = page.querySelectorAll('[src]').map((element) => element.getAttribute('src')!);
    expect(sources.length).toBeGreaterThan(0);
    expect(sources.every((src) => src.startsWith('data:image/png;base64,'))).toBe(true);
    expect(html).not.toMatch(/url\(\s*['"]?https?:/i);
    expect(html).not.toMatch(/\s(src|href)="https?:/i);
  });

  it('shows misclassified digits as PNGs that decode to the test images', () => {
    const figures = page.querySelectorAll('#gallery figure.digit');

    for (const figure of figures) {
      const index = Number(figure.getAttribute('data-index'));
      const src = figure.querySelector('img')!.getAttribute('src')!;
      const png = PNG.sync.read(Buffer.from(src.split(',')[1], 'base64'));
      const grey = Buffer.from(Array.from({ length: 784 }, (_, i) => png.data[i * 4]));
      expect(grey.equals(Buffer.from(fakeTestImage(index)))).toBe(true);
    }
    expect(figures[0].querySelector('figcaption')!.text).toContain('4 → 9 (0.97)');
  });

  it('draws each confusion matrix as a 10 × 10 table with shaded cells', () => {
    const matrix = page.querySelector('.confusion-matrix[data-preset="baseline"]')!;
    const cells = matrix.querySelectorAll('tbody tr').map((row) => row.querySelectorAll('td'));

    expect(cells).toHaveLength(10);
    expect(cells[4][9].text).toBe('6');
    expect(cells[4][9].getAttribute('style')).toMatch(/^background:rgba\(220, 38, 38, /);
    expect(cells[0][1].getAttribute('style')).toBeUndefined();
  });

  describe('Models section', () => {
    const cellText = (row: HTMLElement) => row.querySelectorAll('td').map((td) => td.text);

    it('shows the mean latency per image at batch 1 and 256 per preset, with its seeds', () => {
      const rows = page.querySelectorAll('#prediction-latency tbody tr');
      const batch = (size: number) =>
        rows.map((row) => row.querySelector(`td[data-batch="${size}"]`)!.text);

      expect(rows.map((row) => row.getAttribute('data-preset'))).toEqual([
        'baseline',
        'augmentation',
        'batchnorm',
      ]);
      expect(batch(1)).toEqual(['0.500', '—', '0.500']);
      expect(batch(256)).toEqual(['0.0200', '—', '0.0200']);
      expect(cellText(rows[1])).toEqual([
        '+ augmentation',
        '—',
        '0 of 1',
        '—',
        '0 of 1',
        '—',
        'not measured: seed 1',
      ]);
      expect(cellText(rows[2]).slice(2)).toEqual([
        '1 of 2',
        '0.0200',
        '1 of 2',
        'cpu',
        'not measured: seed 2',
      ]);
    });

    it('links every kept model as tfjs and ONNX, the reported one first', () => {
      const rows = page.querySelectorAll('#models-table tbody tr');
      const linked = rows.filter((row) => row.querySelector('a.model-link'));

      expect(
        linked.map((row) => [
          row.getAttribute('data-experiment'),
          row.getAttribute('data-variant'),
          row.querySelectorAll('a.model-link').map((a) => [a.text, a.getAttribute('href')]),
        ]),
      ).toEqual(
        [
          ['exp-baseline-1', 'final'],
          ['exp-baseline-2', 'final'],
          ['exp-batchnorm-1', 'best'],
          ['exp-batchnorm-1', 'final'],
          ['exp-batchnorm-2', 'final'],
        ].map(([id, variant]) => [
          id,
          variant,
          [
            ['tfjs', `/api/experiments/${id}/model?variant=${variant}`],
            ['ONNX', `/api/experiments/${id}/model.onnx?variant=${variant}`],
          ],
        ]),
      );
      expect(cellText(linked[2]).slice(2, 8)).toEqual([
        'best (reported)',
        '2',
        '98.50',
        '0.500',
        '0.0200',
        'cpu',
      ]);
      expect(cellText(linked[4]).slice(5, 7)).toEqual(['—', '—']);
    });

    it('says why a cell has no model instead of linking one', () => {
      const augmentation = page.querySelectorAll('#models-table tr[data-preset="augmentation"]');

      expect(augmentation.map((row) => cellText(row).at(-1))).toEqual([
        'no model kept (completed before models were kept)',
        'no model: failed: worker lost, "twice"',
      ]);
      expect(augmentation.every((row) => row.querySelector('a') === null)).toBe(true);
    });

    it('says the links are served by the API the report came from', () => {
      expect(page.querySelector('#models')!.text).toContain(
        'The links are served by the lenet-lab API this report came from',
      );
    });

    it('prints no undefined or NaN for missing models and timings', () => {
      expect(page.querySelector('#models')!.text).not.toMatch(/undefined|NaN|null/);
    });
  });

  it('lists the reproducibility details of every experiment', () => {
    const section = page.querySelector('#reproducibility')!;

    expect(section.querySelectorAll('table.experiments tbody tr')).toHaveLength(6);
    expect(section.text).toContain('hash-augmentation-2');
    expect(section.text).toContain('aa'.repeat(32));
    expect(section.text).toContain('@tensorflow/tfjs-core');
  });
});
