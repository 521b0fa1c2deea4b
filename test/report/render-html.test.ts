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

  it('lists the reproducibility details of every experiment', () => {
    const section = page.querySelector('#reproducibility')!;

    expect(section.querySelectorAll('table.experiments tbody tr')).toHaveLength(6);
    expect(section.text).toContain('hash-augmentation-2');
    expect(section.text).toContain('aa'.repeat(32));
    expect(section.text).toContain('@tensorflow/tfjs-core');
  });
});
