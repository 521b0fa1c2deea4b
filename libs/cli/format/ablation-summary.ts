import type { Ablation } from '../api/api-types';
import { ablationRows } from './progress-rows';
import { renderTextTable } from './text-table';
import { formatTimestamp } from './values';

/** `lenet-lab status <ablation>`: its state, the cells per row, and each cell's progress. */
export function formatAblationSummary(
  ablation: Ablation,
  testAccuracies: ReadonlyMap<string, number | null> = new Map(),
): string {
  const { cells } = ablation.progress;
  const lines = [
    `Ablation ${ablation.id} (${ablation.name})`,
    `  status:    ${ablation.status}`,
    `  cells:     ${cells.finished}/${cells.total} finished`,
    ablation.definition
      ? `  rows:      ${ablation.presets.join(', ')} (${ablation.design}; differences against ${ablation.presets[0]})`
      : `  presets:   ${ablation.presets.join(', ')}`,
    `  seeds:     ${ablation.seeds.join(', ')}`,
    `  overrides: ${JSON.stringify(ablation.overrides ?? {})}`,
    `  created:   ${formatTimestamp(ablation.createdAt)}`,
    `  report:    ${ablation.reportBuiltAt ? `built ${formatTimestamp(ablation.reportBuiltAt)}` : 'not built yet'}`,
  ];
  if (ablation.reportError) lines.push(`  report error: ${ablation.reportError}`);
  lines.push(
    '',
    renderTextTable(
      [
        ablation.definition ? 'row' : 'preset',
        'queued',
        'running',
        'completed',
        'failed',
        'cancelled',
      ],
      ablation.progress.presets.map((p) => [
        p.preset,
        String(p.queued),
        String(p.running),
        String(p.completed),
        String(p.failed),
        String(p.cancelled),
      ]),
    ),
    '',
    renderTextTable(
      ['cell', 'experiment', 'progress'],
      ablationRows(ablation, testAccuracies).map((row) => [row.label, row.id, row.detail]),
    ),
  );
  return lines.join('\n');
}
