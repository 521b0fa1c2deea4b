import { terminalComparisonTable, terminalLatencyTable } from '@lenet-lab/cli';
import { comparisonTable, LATENCY_COLUMNS, type AblationReport } from '@lenet-lab/report';
import { smallReport } from '../report/support/small-report';

const lines = (text: string) => text.split('\n');

describe('the comparison table in the terminal', () => {
  it('shows the columns that fit a terminal, with the report’s own cells', () => {
    const report = smallReport();
    const [header, , ...rows] = lines(terminalComparisonTable(report));
    expect(header).toMatch(
      /^Preset\s+Seeds\s+Test accuracy \(%\)\s+95% CI \(%\)\s+Δ vs baseline \(pp\)\s+p \(Welch\)\s+Best epoch\s+s \/ epoch\s+Status$/,
    );
    expect(header).not.toContain('Published');
    expect(rows).toHaveLength(report.rows.length);
    // The same accuracy cell as the Markdown and HTML reports.
    const accuracy = comparisonTable(report).rows[0].cells[2];
    expect(rows[0]).toContain(accuracy);
  });

  it("names an ablation of steps' rows and reference row in its headers", () => {
    const report = smallReport();
    report.ablation = { ...report.ablation, design: 'leave-one-out', definedBySteps: true };
    const [header, , first] = lines(terminalComparisonTable(report));
    expect(header).toMatch(/^Row\s+Seeds\s+.*Δ vs baseline \(pp\)\s+p \(Welch\)/);
    expect(first).toContain('reference');
    expect(lines(terminalLatencyTable(report)!)[0]).toMatch(/^Row\s+Batch 1/);
  });

  it('keeps the first part of a status and leaves its notes to the report files', () => {
    const report = smallReport();
    const status = comparisonTable(report).rows[1].cells.at(-1)!;
    const [shown, note] = status.split(';');
    expect(note).toMatch(/no CI or p-value/);
    const row = lines(terminalComparisonTable(report))[3];
    expect(row.endsWith(shown)).toBe(true);
    expect(row).not.toContain('no CI or p-value');
  });

  it("shows each preset's prediction latency, as the report's Models section", () => {
    const report = smallReport();
    const [header, , ...rows] = lines(terminalLatencyTable(report)!);
    expect(header).toMatch(/^Preset\s+Batch 1: ms \/ image\s+Batch 256: ms \/ image\s+Backend$/);
    expect(rows).toHaveLength(report.rows.length);
    const batch1 = LATENCY_COLUMNS.find((column) => column.header === 'Batch 1: ms / image')!;
    expect(rows[0]).toContain(batch1.value(report.rows[0]));
  });

  it('gives up (undefined) on a report from a server older than kept models', () => {
    const report = smallReport();
    const old = {
      ...report,
      rows: report.rows.map(({ predictionLatency: _dropped, ...row }) => row),
    } as unknown as AblationReport;
    expect(terminalLatencyTable(old)).toBeUndefined();
  });
});
