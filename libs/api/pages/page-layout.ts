import { escapeHtml, HTML_STYLES } from '@lenet-lab/report';
import { DASHBOARD_PATH } from '../dashboard';

/** Where the pages' one script is served; helmet's CSP allows scripts from this site only. */
export const LIVE_SCRIPT_PATH = '/assets/live.js';

export { escapeHtml };

/** The live pages' additions to the report's stylesheet, which they share. */
const PAGE_STYLES = `
nav.site { display: flex; gap: 16px; align-items: baseline; margin-bottom: 16px; font-size: 13px; }
nav.site a:first-child { font-weight: 600; }
.links { display: flex; flex-wrap: wrap; gap: 4px 14px; margin: 8px 0; }
#live-state { font-size: 12px; color: var(--muted); }
#report-sections { margin-top: 24px; }
#live-state[data-state='live']::before { content: '● '; color: #16a34a; }
table.cells :is(td, th), table.runs :is(td, th) { text-align: left; }
table.cells progress { width: 120px; vertical-align: middle; }
.status-completed { color: #166534; } .status-failed, .status-cancelled { color: #b91c1c; }
.status-running, .status-retrying { color: #1d4ed8; }
pre.config { background: #f6f8fa; padding: 8px 12px; overflow-x: auto; font-size: 12px; }
`;

export interface PageOptions {
  title: string;
  body: string;
  /** The /events stream the page follows; a page without one runs no script. */
  events?: string;
}

/**
 * A page of the site: the report's styles, a navigation bar, and the live script when the page
 * follows a stream. The script refreshes each element that names a `data-fragment` URL.
 */
export function renderPage({ title, body, events }: PageOptions): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · lenet-lab</title>
<style>${HTML_STYLES}${PAGE_STYLES}</style>
${events ? `<script src="${LIVE_SCRIPT_PATH}" defer></script>` : ''}
</head>
<body${events ? ` data-events="${escapeHtml(events)}"` : ''}>
<nav class="site"><a href="/">lenet-lab</a><a href="${DASHBOARD_PATH}">Queues (Bull Board)</a><a href="/openapi.json">API (OpenAPI)</a>${events ? '<span id="live-state" data-state="connecting">connecting…</span>' : ''}</nav>
${body}
</body>
</html>
`;
}

export function statusBadge(status: string): string {
  return `<span class="status status-${escapeHtml(status)}">${escapeHtml(status)}</span>`;
}

/** A region the live script replaces with its fragment's HTML after the named events. */
export function liveRegion(options: {
  id: string;
  fragment: string;
  refreshOn: string[];
  content: string;
}): string {
  return `<div id="${options.id}" data-fragment="${escapeHtml(options.fragment)}" data-refresh-on="${options.refreshOn.join(' ')}">
${options.content}
</div>`;
}

export function linkList(links: [label: string, href: string][]): string {
  return `<p class="links">${links
    .map(([label, href]) => `<a href="${escapeHtml(href)}">${escapeHtml(label)}</a>`)
    .join('')}</p>`;
}
