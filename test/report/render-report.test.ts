import {
  REPORT_FORMATS,
  renderReport,
  UnsupportedReportFormatError,
  type ReportFormat,
} from '@lenet-lab/report';
import { smallInput } from './support/small-report';

describe('renderReport', () => {
  it.each([
    ['md', '# Ablation report: '],
    ['csv', 'preset,label,completeness,'],
    ['json', '{\n  "schemaVersion": 1,'],
    ['html', '<!doctype html>'],
  ])('renders %s', async (format, start) => {
    const output = await renderReport(smallInput(), format as ReportFormat);

    expect(output.startsWith(start)).toBe(true);
  });

  it('renders the HTML with both charts', async () => {
    const html = await renderReport(smallInput(), 'html');

    expect(html.match(/<figure class="chart" id="chart-[a-z-]+"><svg/g)).toHaveLength(2);
  });

  it('passes options through', async () => {
    const json = JSON.parse(await renderReport(smallInput(), 'json', { galleryLimit: 1 }));

    expect(json.errorAnalysis[0].gallery).toHaveLength(1);
  });

  it('renders every format for an ablation that has no experiments yet', async () => {
    const input = {
      ablation: {
        id: 'a',
        name: 'empty',
        presets: ['baseline'],
        seeds: [1, 2],
        createdAt: '2026-01-01',
      },
      experiments: [],
    };

    for (const format of REPORT_FORMATS) {
      const output = await renderReport(input, format);
      expect(output).not.toContain('NaN');
      if (format !== 'json')
        expect(output).toContain(
          'no completed seeds: 2 of 2 seeds missing (seed 1 not run; seed 2 not run)',
        );
    }
  });

  it('rejects an unknown format with a named error', async () => {
    await expect(renderReport(smallInput(), 'pdf' as ReportFormat)).rejects.toThrow(
      UnsupportedReportFormatError,
    );
    await expect(renderReport(smallInput(), 'pdf' as ReportFormat)).rejects.toThrow(
      `unsupported report format "pdf"; supported: ${REPORT_FORMATS.join(', ')}`,
    );
  });
});
