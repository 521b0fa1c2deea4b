import type { ExperimentPage } from '../api/api-types';
import { renderTextTable } from './text-table';
import { formatPercent, formatTimestamp } from './values';

/** `lenet-lab list`: newest first, as the API pages them. */
export function formatExperimentList(page: ExperimentPage): string {
  if (page.items.length === 0)
    return page.total === 0 ? 'No experiments yet.' : 'No experiments on this page.';
  const table = renderTextTable(
    ['id', 'status', 'preset', 'seed', 'test acc', 'created', 'name'],
    page.items.map((e) => [
      e.id,
      e.status,
      e.preset ?? '–',
      e.seed === null ? '–' : String(e.seed),
      formatPercent(e.testAccuracy),
      formatTimestamp(e.createdAt),
      e.name ?? '',
    ]),
  );
  const last = page.offset + page.items.length;
  return `${table}\n\n${page.offset + 1}–${last} of ${page.total}`;
}
