import { renderMarkdown } from '@lenet-lab/report';
import { smallReport } from './support/small-report';

function comparisonRows(markdown: string): string[] {
  const section = markdown.split('## Comparison')[1].split('\n## ')[0];
  return section
    .split('\n')
    .filter((line) => line.startsWith('| ') && !/^\| (Preset|---) /.test(line));
}

describe('renderMarkdown', () => {
  it('has one comparison row per preset, in order', () => {
    const rows = comparisonRows(renderMarkdown(smallReport()));

    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatch(/^\| Baseline \| 2\/2 \| 97\.40 ± 0\.14 \|/);
    expect(rows[1]).toMatch(/^\| \+ augmentation \| 1\/2 † \| 98\.20 † \|/);
    expect(rows[2]).toMatch(/^\| \+ BatchNorm \| 2\/2 \| 98\.55 ± 0\.07 \|/);
  });

  it('says which seed is missing and why', () => {
    const markdown = renderMarkdown(smallReport());

    expect(markdown).toContain(
      'incomplete: 1 of 2 seeds missing (seed 2 failed: worker lost, "twice")',
    );
    expect(markdown).toContain('† over the completed seeds only');
  });

  it('keeps the table intact and markup inert for hostile names', () => {
    const markdown = renderMarkdown(smallReport());

    expect(markdown).toContain('# Ablation report: &lt;script>alert("x")&lt;/script> & co');
    expect(markdown).not.toMatch(/<script/i);
  });

  it('escapes pipes inside cells', () => {
    const report = smallReport();
    report.rows[0].label = 'a | b';

    expect(comparisonRows(renderMarkdown(report))[0]).toMatch(/^\| a \\\| b \| 2\/2 \|/);
  });

  it('has a Models section: latency per preset, then every seed’s models with links', () => {
    const markdown = renderMarkdown(smallReport());
    const section = markdown.split('## Models')[1].split('\n## ')[0];

    expect(section).toContain(
      '| Baseline | 0.500 | 2 of 2 | 0.0200 | 2 of 2 | cpu |  |\n' +
        '| + augmentation | — | 0 of 1 | — | 0 of 1 | — | not measured: seed 1 |\n' +
        '| + BatchNorm | 0.500 | 1 of 2 | 0.0200 | 1 of 2 | cpu | not measured: seed 2 |',
    );
    expect(section).toContain(
      '| Baseline | 1 | final (reported) | 5 | 97.50 | 0.500 | 0.0200 | cpu | ' +
        '[tfjs](/api/experiments/exp-baseline-1/model?variant=final) · ' +
        '[ONNX](/api/experiments/exp-baseline-1/model.onnx?variant=final) |',
    );
    expect(section).toContain(
      '| + BatchNorm | 1 | best (reported) | 2 | 98.50 | 0.500 | 0.0200 | cpu | ' +
        '[tfjs](/api/experiments/exp-batchnorm-1/model?variant=best) · ',
    );
    expect(section).toContain(
      '| + BatchNorm | 1 | final | 3 | 98.40 | 0.500 | 0.0200 | cpu | ' +
        '[tfjs](/api/experiments/exp-batchnorm-1/model?variant=final) · ',
    );
    expect(section).toContain('| + BatchNorm | 2 | final (reported) | 5 | 98.60 | — | — | cpu |');
    expect(section).toContain(
      '| + augmentation | 1 | — | — | — | — | — | — | no model kept (completed before models were kept) |',
    );
    expect(section).toContain(
      '| + augmentation | 2 | — | — | — | — | — | — | no model: failed: worker lost, "twice" |',
    );
    expect(section).toContain('served by the lenet-lab API this report came from');
    expect(markdown).not.toMatch(/undefined|NaN/);
  });

  it('has the curves, error analysis and reproducibility sections', () => {
    const markdown = renderMarkdown(smallReport());

    expect(markdown).toContain('## Training curves');
    expect(markdown).toContain('runs ended at different epochs (3, 5)');
    expect(markdown).toContain('| 4 → 9 | 6 | 50.0 | 3.00 |');
    expect(markdown).toContain(
      '| augmentation | 2 | failed | exp-augmentation-2 | hash-augmentation-2 |',
    );
    expect(markdown).toContain(`- t10k-images-idx3-ubyte: \`${'aa'.repeat(32)}\``);
    expect(markdown).toContain('| vega | 5.33.1 |');
  });
});
