import { markdownTableAfter, terminalComparisonTable, terminalLatencyTable } from '@lenet-lab/cli';

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

## Models

### Prediction latency

| Preset | Batch 1: ms / image | Seeds measured | Batch 256: ms / image | Seeds measured | Backend | Note |
| --- | --- | --- | --- | --- | --- | --- |
| Baseline | 0.201 | 2 of 2 | 0.121 | 2 of 2 | wasm |  |
| + a \\| b | — | 0 of 2 | — | 0 of 2 | — | no seed measured |

### Trained models

| Preset | Seed | Model |
| --- | --- | --- |
| Baseline | 1 | final (reported) |
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

  it("shows each preset's prediction latency from the Models section", () => {
    const text = terminalLatencyTable(REPORT)!;
    const [header, , ...rows] = text.split('\n');
    expect(header).toMatch(/^Preset\s+Batch 1: ms \/ image\s+Batch 256: ms \/ image\s+Backend$/);
    expect(rows).toEqual([
      expect.stringMatching(/^Baseline\s+0\.201\s+0\.121\s+wasm$/),
      expect.stringMatching(/^\+ a \| b\s+—\s+—\s+—$/),
    ]);
    expect(terminalLatencyTable('## Comparison\n')).toBeUndefined();
  });
});
