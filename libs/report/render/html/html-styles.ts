/** The page's only stylesheet, inlined so the report is one file that opens offline. */
export const HTML_STYLES = `
:root { color-scheme: light; --muted: #5b6470; --line: #d8dde3; --flag: #9a3412; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, 'Segoe UI', sans-serif; color: #1f2328; margin: 0 auto; max-width: 1200px; padding: 24px; }
h1 { font-size: 24px; margin: 0 0 8px; }
h2 { font-size: 19px; margin: 32px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 16px; margin: 20px 0 6px; }
dl.metadata { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 0; }
dl.metadata dt { color: var(--muted); }
dl.metadata dd { margin: 0; }
.warnings { background: #fff7ed; border: 1px solid #fdba74; padding: 8px 16px; border-radius: 6px; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: right; vertical-align: top; }
th { background: #f3f5f7; }
td:first-child, th:first-child { text-align: left; }
#comparison-table td:last-child { text-align: left; min-width: 220px; }
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
