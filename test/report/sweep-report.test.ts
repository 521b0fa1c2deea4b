import { buildAblationReport, renderMarkdown, ReportInputError } from '@lenet-lab/report';
import { sweepChartSpec } from '@lenet-lab/report/render/chart-specs';
import { experiment, reportInput } from './support/report-fixtures';

const SEEDS = [1, 2];

/** A sweep of trainLimit whose accuracy grows with the images, as a data-efficiency curve does. */
function sweepInput(values: number[], accuracyOf = (value: number) => 0.9 + value / 1e6) {
  const rows = values.map((value) => `trainLimit=${value}`);
  const experiments = values.flatMap((value, index) =>
    SEEDS.map((seed) =>
      experiment(rows[index], seed, { testAccuracy: accuracyOf(value) + seed / 1000 }),
    ),
  );
  const input = reportInput(experiments, rows, SEEDS);
  input.ablation = {
    ...input.ablation,
    design: 'sweep',
    definedBySteps: true,
    sweep: { field: 'trainLimit', values },
  };
  return input;
}

describe('A sweep in the report', () => {
  it('keeps the field and values beside the rows, one value per row', () => {
    const report = buildAblationReport(sweepInput([1000, 5000, 20000]));
    expect(report.ablation).toMatchObject({
      design: 'sweep',
      sweep: { field: 'trainLimit', values: [1000, 5000, 20000] },
    });
    expect(report.rows.map((row) => row.label)).toEqual([
      'trainLimit=1000',
      'trainLimit=5000',
      'trainLimit=20000',
    ]);
    const broken = sweepInput([1000, 5000]);
    broken.ablation.sweep = { field: 'trainLimit', values: [1000] };
    expect(() => buildAblationReport(broken)).toThrow(
      new ReportInputError('the sweep of trainLimit has 1 values for 2 rows'),
    );
  });

  it('plots mean accuracy against the value, on a log axis when the values span a decade', () => {
    const spec = sweepChartSpec(buildAblationReport(sweepInput([1000, 5000, 20000])))!;
    const data = (spec.data as { values: { value: number; accuracy: number }[] }).values;
    expect(data.map((datum) => [datum.value, datum.accuracy])).toEqual([
      [1000, expect.closeTo(90.25, 9)],
      [5000, expect.closeTo(90.65, 9)],
      [20000, expect.closeTo(92.15, 9)],
    ]);
    const x = (spec as { encoding: { x: { scale: object; title: string } } }).encoding.x;
    expect(x).toMatchObject({ scale: { type: 'log' }, title: 'trainLimit (log scale)' });

    const narrow = sweepChartSpec(buildAblationReport(sweepInput([32, 64, 128])))!;
    const narrowX = (narrow as { encoding: { x: { scale: object; title: string } } }).encoding.x;
    expect(narrowX).toEqual(
      expect.objectContaining({ scale: { zero: false }, title: 'trainLimit' }),
    );
  });

  it('draws no sweep chart for other designs', () => {
    expect(sweepChartSpec(buildAblationReport(reportInput()))).toBeNull();
  });

  it('tabulates the curve in Markdown, and names the design', () => {
    const markdown = renderMarkdown(buildAblationReport(sweepInput([1000, 20000])));
    expect(markdown).toContain(
      '- Design: sweep: one row per value of one config field, on the baseline',
    );
    expect(markdown).toContain('## Test accuracy against trainLimit');
    expect(markdown).toContain('| 20000 | 92.15 |');
  });
});
