import { markdownTableAfter, terminalComparisonTable } from '@lenet-lab/cli';

const REPORT = `# Ablation report: demo

## Comparison

| Preset | Seeds | Test accuracy (%) | 95% CI (%) | Δ vs baseline (pp) | Δ 95% CI (pp) | p (Welch) | Published (%) | Best epoch | s / epoch | Status |
| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
| Baseline | 2/2 | 98.10 ± 0.10 | [97.2, 99.0] | baseline | — | — | 99.0 | 3.0 | 2.50 | complete: 2 of 2 seeds |
| + a \\| b | 1/2 † | 97.00 † | — | -1.10 | — | — | — | 3.0 | 2.60 | incomplete: seed 2 failed; Δ needs 2 seeds |

Test accuracy is the mean.

## Training curves

| Epoch | Baseline |
| --- | --- |
| 1 | 90.00 (2) |
`;

describe('the comparison table in the terminal', () => {
  it('reads the first table under a heading, undoing escaped pipes', () => {
    const table = markdownTableAfter(REPORT, 'Comparison');
    expect(table?.headers[0]).toBe('Preset');
    expect(table?.rows.map((row) => row[0])).toEqual(['Baseline', '+ a | b']);
  });

  it('keeps the columns that fit a terminal and the first part of the status', () => {
    const text = terminalComparisonTable(REPORT)!;
    const [header, , ...rows] = text.split('\n');
    expect(header).toMatch(/^Preset\s+Seeds\s+Test accuracy \(%\)\s+95% CI \(%\)/);
    expect(header).not.toContain('Published');
    expect(rows).toHaveLength(2);
    expect(rows[1]).toMatch(/incomplete: seed 2 failed$/);
    expect(text).not.toContain('Training curves');
  });

  it('gives up (undefined) on a report without a comparison table', () => {
    expect(terminalComparisonTable('# nothing here\n')).toBeUndefined();
  });
});
