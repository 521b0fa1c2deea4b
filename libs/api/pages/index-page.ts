import type { Ablation, Experiment } from '@lenet-lab/contract';
import { ablationPagePath } from './ablation-page';
import { experimentPagePath } from './experiment-page';
import { escapeHtml, renderPage, statusBadge } from './page-layout';

/** How many of each the front page lists; the API's pages reach the rest. */
export const INDEX_PAGE_LIMIT = 50;

const percent = (fraction: number | null) =>
  fraction === null ? '' : `${(fraction * 100).toFixed(2)} %`;

function ablationRows(ablations: Ablation[]): string {
  return ablations
    .map(
      (
        a,
      ) => `<tr data-ablation="${a.id}"><td><a href="${ablationPagePath(a.id)}">${escapeHtml(a.name)}</a></td>
<td>${statusBadge(a.status)}</td><td>${a.progress.cells.finished} of ${a.progress.cells.total}</td>
<td>${escapeHtml(a.createdAt)}</td><td><a href="${escapeHtml(a.links.report)}">report</a></td></tr>`,
    )
    .join('\n');
}

function experimentRows(experiments: Experiment[]): string {
  return experiments
    .map(
      (
        e,
      ) => `<tr data-experiment="${e.id}"><td><a href="${experimentPagePath(e.id)}">${escapeHtml(e.name)}</a></td>
<td>${escapeHtml(e.preset ?? '')}</td><td>${e.seed}</td><td>${statusBadge(e.status)}</td>
<td>${percent(e.testAccuracy)}</td><td>${escapeHtml(e.createdAt)}</td></tr>`,
    )
    .join('\n');
}

/** The front page: ablations and experiments, newest first, each linking to its live page. */
export function indexPage(
  ablations: { items: Ablation[]; total: number },
  experiments: { items: Experiment[]; total: number },
): string {
  const shown = (page: { items: unknown[]; total: number }) =>
    page.total > page.items.length
      ? `<p class="note">The newest ${page.items.length} of ${page.total}.</p>`
      : '';
  const body = `<h1>Experiments and ablations</h1>
<section id="ablations"><h2>Ablations</h2>${shown(ablations)}
<div class="table-wrap"><table class="runs" id="ablation-list">
<thead><tr><th>Name</th><th>Status</th><th>Cells finished</th><th>Created</th><th></th></tr></thead>
<tbody>
${ablationRows(ablations.items)}
</tbody></table></div></section>
<section id="experiments"><h2>Experiments</h2>${shown(experiments)}
<div class="table-wrap"><table class="runs" id="experiment-list">
<thead><tr><th>Name</th><th>Preset</th><th>Seed</th><th>Status</th><th>Test accuracy</th><th>Created</th></tr></thead>
<tbody>
${experimentRows(experiments.items)}
</tbody></table></div></section>`;
  return renderPage({ title: 'Runs', body });
}
