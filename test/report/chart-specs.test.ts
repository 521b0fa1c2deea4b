import {
  buildAblationReport,
  renderVegaLiteSvg,
  SERIES_DASHES,
  SERIES_SHAPES,
  testAccuracyChartSpec,
  trainLossChartSpec,
} from '@lenet-lab/report';
import { parse } from 'node-html-parser';
import { reportInput } from './support/report-fixtures';
import { smallReport } from './support/small-report';

interface SeriesEncoding {
  field: string;
  scale: { domain?: string[]; range?: unknown[] };
  sort?: string[];
  legend?: null | object;
}

interface LineSpec {
  data: { values: { preset: string; epoch: number; value: number; seeds: number }[] };
  encoding: { y: { scale: { type: string } }; color: { scale: { domain: string[] } } };
  layer: { mark: { type: string }; encoding: Record<string, SeriesEncoding> }[];
}

const TABLE_ORDER = ['Baseline', '+ augmentation', '+ BatchNorm'];

describe('chart specs', () => {
  it('plot test accuracy in percent, one series per preset in table order', () => {
    const spec = testAccuracyChartSpec(smallReport()) as unknown as LineSpec;

    expect(spec.encoding.color.scale.domain).toEqual(TABLE_ORDER);
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

  it.each([
    ['training loss', trainLossChartSpec],
    ['test accuracy', testAccuracyChartSpec],
  ])('key the %s lines’ dash and the points’ shape on the preset, in table order', (_, chart) => {
    const spec = chart(smallReport()) as unknown as LineSpec;
    const [line, points] = spec.layer;

    expect(line.mark.type).toBe('line');
    expect(line.encoding.strokeDash).toMatchObject({
      field: 'preset',
      sort: TABLE_ORDER,
      scale: { range: SERIES_DASHES },
    });
    expect(points.mark.type).toBe('point');
    expect(points.encoding.shape).toMatchObject({
      field: 'preset',
      scale: { domain: TABLE_ORDER, range: SERIES_SHAPES },
    });
  });
});

describe('rendered curves', () => {
  /** Six presets (as many as there are dashes and shapes) whose curves are identical. */
  const PRESETS = ['baseline', 'augmentation', 'batchnorm', 'lr-decay-early-stop', 'wide', 'deep'];
  const overlapping = () =>
    buildAblationReport(reportInput(undefined, PRESETS, [1, 2]), { galleryLimit: 0 });

  function byPreset(svg: string, role: string, attribute: string): Map<string, Set<string>> {
    const found = new Map<string, Set<string>>();
    for (const path of parse(svg).querySelectorAll(`path[aria-roledescription="${role}"]`)) {
      const preset = /Preset: (.*)$/.exec(path.getAttribute('aria-label')!)![1];
      const values = found.get(preset) ?? new Set<string>();
      values.add(path.getAttribute(attribute) ?? '(none)');
      found.set(preset, values);
    }
    return found;
  }

  it('draw each of six overlapping presets with its own dash array and point shape', async () => {
    const report = overlapping();
    for (const spec of [trainLossChartSpec(report), testAccuracyChartSpec(report)]) {
      const svg = await renderVegaLiteSvg(spec);

      const dashes = byPreset(svg, 'line mark', 'stroke-dasharray');
      const shapes = byPreset(svg, 'point', 'd');

      for (const styles of [dashes, shapes]) {
        expect(styles.size).toBe(PRESETS.length);
        // One style per preset, and no two presets sharing one.
        expect([...styles.values()].every((values) => values.size === 1)).toBe(true);
        expect(new Set([...styles.values()].map((values) => [...values][0])).size).toBe(
          PRESETS.length,
        );
      }
      expect([...dashes.values()].some((values) => values.has('(none)'))).toBe(false);
    }
  });

  it('keep the dashes out of the legend, whose symbols show each preset’s shape in its colour', async () => {
    const svg = await renderVegaLiteSvg(testAccuracyChartSpec(overlapping()));
    const symbols = parse(svg).querySelectorAll('.role-legend-symbol path');

    expect(symbols).toHaveLength(PRESETS.length);
    expect(new Set(symbols.map((symbol) => symbol.getAttribute('d'))).size).toBe(PRESETS.length);
    expect(new Set(symbols.map((symbol) => symbol.getAttribute('stroke'))).size).toBe(
      PRESETS.length,
    );
    expect(symbols.some((symbol) => symbol.getAttribute('stroke-dasharray'))).toBe(false);
  });
});
