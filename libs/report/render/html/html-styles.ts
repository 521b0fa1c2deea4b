/**
 * The page's only stylesheet, inlined so the report is one file that opens offline.
 *
 * The comparison table has sixteen columns; its font size and padding let it fit the page
 * from about 1300 px wide (the page's 1400 px cap leaves it the room). Its last two columns,
 * Backend and Status, are text and aligned left. On a narrower page every table scrolls
 * inside its .table-wrap, whose edge casts a shadow on each side that has more to show: the
 * white covers move with the content (local) and hide the fixed shadows (scroll) at either
 * end, so no column is ever cut off without a sign.
 */
export const HTML_STYLES = `
:root { color-scheme: light; --muted: #5b6470; --line: #d8dde3; --flag: #9a3412; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, 'Segoe UI', sans-serif; color: #1f2328; margin: 0 auto; max-width: 1400px; padding: 24px; }
h1 { font-size: 24px; margin: 0 0 8px; }
h2 { font-size: 19px; margin: 32px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 16px; margin: 20px 0 6px; }
dl.metadata { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 0; }
dl.metadata dt { color: var(--muted); }
dl.metadata dd { margin: 0; }
.warnings { background: #fff7ed; border: 1px solid #fdba74; padding: 8px 16px; border-radius: 6px; }
.table-wrap { overflow-x: auto; background: linear-gradient(to right, #fff 30%, rgba(255, 255, 255, 0)) left / 32px 100% no-repeat local, linear-gradient(to left, #fff 30%, rgba(255, 255, 255, 0)) right / 32px 100% no-repeat local, radial-gradient(farthest-side at 0 50%, rgba(0, 0, 0, 0.25), transparent) left / 12px 100% no-repeat scroll, radial-gradient(farthest-side at 100% 50%, rgba(0, 0, 0, 0.25), transparent) right / 12px 100% no-repeat scroll; }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: right; vertical-align: top; }
th { background: #f3f5f7; }
td:first-child, th:first-child { text-align: left; }
#comparison-table { font-size: 13px; }
#comparison-table th, #comparison-table td { padding: 3px 5px; }
#comparison-table :is(th, td):nth-last-child(-n + 2) { text-align: left; }
#comparison-table td:last-child { min-width: 12em; }
#comparison-table tr.incomplete td { color: var(--flag); }
.note { color: var(--muted); font-size: 13px; }
.charts { display: flex; flex-wrap: wrap; gap: 24px; }
.chart { margin: 0; }
.error-analysis { display: flex; flex-wrap: wrap; gap: 24px; align-items: flex-start; }
.confusion-matrix td, .confusion-matrix th { min-width: 40px; text-align: center; padding: 3px; }
.experiments td, .dataset-hashes td, .package-versions td { text-align: left; vertical-align: baseline; }
.gallery-grid { display: flex; flex-wrap: wrap; gap: 8px; }
.digit { margin: 0; text-align: center; font-size: 12px; width: 84px; }
.digit img { width: 56px; height: 56px; image-rendering: pixelated; image-rendering: crisp-edges; border: 1px solid var(--line); display: block; margin: 0 auto 2px; }
#models-table td:nth-child(3), #models-table td:last-child, #prediction-latency td:last-child { text-align: left; }
code, .hash { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 12px; word-break: break-all; }
`;
