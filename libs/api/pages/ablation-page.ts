import type { Ablation } from '@lenet-lab/contract';
import { REPORT_FORMATS } from '@lenet-lab/report';
import { DASHBOARD_PATH } from '../dashboard';
import { jobProgressText } from './job-progress-text';
import { escapeHtml, linkList, liveRegion, renderPage, statusBadge } from './page-layout';

export const ablationPagePath = (id: string) => `/ablations/${id}`;
export const ablationProgressPath = (id: string) => `${ablationPagePath(id)}/progress`;
export const ablationSectionsPath = (id: string) => `${ablationPagePath(id)}/sections`;

function reportState(ablation: Ablation): string {
  if (ablation.reportBuiltAt) {
    return `<p id="report-state" data-built="true">The final report was built at ${escapeHtml(ablation.reportBuiltAt)}; below is that report.</p>`;
  }
  if (ablation.reportError) {
    return `<p id="report-state" class="warnings">The report could not be built: ${escapeHtml(ablation.reportError)}</p>`;
  }
  return '<p id="report-state" class="note">Training: the report below is built from the epochs finished so far and fills in as the cells train.</p>';
}

/** The ablation's status and each cell's: what the `progress` and `status` events change. */
export function ablationProgressBlock(ablation: Ablation): string {
  const { cells } = ablation.progress;
  const rows = ablation.experiments.map((cell) => {
    const fraction = cell.progress?.fraction ?? (cell.status === 'completed' ? 1 : 0);
    return `<tr data-experiment="${cell.id}">
<td>${escapeHtml(cell.row ?? cell.preset ?? '')}</td><td>${cell.seed}</td><td class="cell-status">${statusBadge(cell.status)}</td>
<td><progress max="1" value="${fraction}"></progress> <span class="cell-progress">${escapeHtml(jobProgressText(cell.progress))}</span></td>
<td><a href="/experiments/${cell.id}">experiment</a></td></tr>`;
  });
  return `<p>Status <span id="ablation-status">${statusBadge(ablation.status)}</span> · <span id="cells-finished">${cells.finished} of ${cells.total}</span> cells finished</p>
${reportState(ablation)}
<div class="table-wrap"><table class="cells" id="cells">
<thead><tr><th>Row</th><th>Seed</th><th>Status</th><th>Progress</th><th></th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody></table></div>`;
}

/** An ablation's page: its cells' progress, then its report, both refreshed as events arrive. */
export function ablationPage(ablation: Ablation, sections: string): string {
  const report = `/api/ablations/${ablation.id}/report`;
  const links = linkList([
    ...REPORT_FORMATS.map((format): [string, string] => [
      `report.${format}`,
      `${report}?format=${format}`,
    ]),
    ['JSON', `/api/ablations/${ablation.id}`],
    ['events', `/api/ablations/${ablation.id}/events`],
    ['queues', DASHBOARD_PATH],
  ]);
  const body = `<header><h1>Ablation: ${escapeHtml(ablation.name)}</h1>
<p class="note">${escapeHtml(ablation.id)} · created ${escapeHtml(ablation.createdAt)} · seeds ${ablation.seeds.join(', ')}</p>
${links}</header>
<section id="progress"><h2>Cells</h2>
${liveRegion({ id: 'live-progress', fragment: ablationProgressPath(ablation.id), refreshOn: ['progress', 'status', 'report'], content: ablationProgressBlock(ablation) })}
</section>
${liveRegion({ id: 'report-sections', fragment: ablationSectionsPath(ablation.id), refreshOn: ['epoch', 'status', 'report'], content: sections })}`;
  return renderPage({
    title: `Ablation ${ablation.name}`,
    body,
    events: `/api/ablations/${ablation.id}/events`,
  });
}
