/**
 * The page shell shared by the research reports (discovery, training): one self-contained HTML document
 * whose Content-Security-Policy allows only the stylesheet and the given inline scripts by their sha256 and
 * blocks every network load (default-src 'none'). With no scripts the policy is script-src 'none'.
 * Callers pass body HTML they built with `escapeHtml` for every text that came from data.
 */

import { createHash } from 'node:crypto';
import { loadChartLibrary } from './chart-library';
import { escapeHtml, jsonForScript } from './html';
import type { ReportProvenance } from './types';

const PAGE_STYLE = `
:root { --fg: #1d2330; --muted: #667085; --line: #d8dde6; --bg: #f6f7f9; --card: #fff; --good: #12805c; --bad: #c0362c; --accent: #2f5fd0; --hi: #f59e0b; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
header { padding: 14px 20px; background: var(--card); border-bottom: 1px solid var(--line); }
header h1 { font-size: 20px; margin: 0 0 4px; }
header p { margin: 0; color: var(--muted); }
main { padding: 16px 20px; display: grid; gap: 16px; max-width: 1400px; }
section { background: var(--card); border: 1px solid var(--line); border-radius: 6px; padding: 12px 14px; overflow-x: auto; }
section h2 { font-size: 16px; margin: 0 0 6px; }
section h3 { font-size: 14px; margin: 12px 0 4px; }
.note { color: var(--muted); font-size: 12px; margin: 4px 0 8px; }
.chart { min-height: 300px; }
.charts { display: flex; flex-wrap: wrap; gap: 16px; }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
th, td { text-align: left; padding: 3px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { color: var(--muted); font-weight: 500; font-size: 12px; }
td.num, th.num { text-align: right; }
td.na { color: var(--muted); font-style: italic; }
tr.group th { color: var(--fg); font-weight: 600; font-size: 13px; padding-top: 10px; }
tr.baseline td { background: #f3f4f6; }
tr.primary td { font-weight: 600; }
.pos, .pass { color: var(--good); } .neg, .fail { color: var(--bad); }
.verdict { font-weight: 600; }
code, pre { font: 12px ui-monospace, SFMono-Regular, Menlo, monospace; }
pre { margin: 0; white-space: pre-wrap; word-break: break-all; }
svg.plot { background: var(--card); font: 11px system-ui, sans-serif; }
svg.plot .axis { stroke: #98a2b3; stroke-width: 1; }
svg.plot .grid { stroke: #eef0f4; stroke-width: 1; }
svg.plot .tick, svg.plot .axis-label { fill: var(--muted); }
svg.plot .diagonal { stroke: #98a2b3; stroke-dasharray: 4 3; }
svg.plot .curve { fill: none; stroke: var(--accent); stroke-width: 1.5; }
svg.plot .pt-trial { fill: #c5cbd6; }
svg.plot .pt-front { fill: var(--accent); }
svg.plot .pt-finalist { fill: var(--hi); stroke: var(--fg); stroke-width: 1.2; }
svg.plot .pt-promoted { fill: var(--good); stroke: var(--fg); stroke-width: 1.2; }
svg.plot .pt-curve { fill: var(--accent); }
svg.plot .pt-label { fill: var(--fg); font-weight: 600; }
svg.plot .bar { fill: var(--accent); } svg.plot .bar-neg { fill: var(--bad); }
svg.plot .whisker { stroke: var(--fg); stroke-width: 1; }
.legend-dot { display: inline-block; width: 10px; height: 10px; border-radius: 50%; margin: 0 4px 0 10px; vertical-align: middle; }
.legend-dot.pt-trial { background: #c5cbd6; } .legend-dot.pt-front { background: var(--accent); }
.legend-dot.pt-finalist { background: var(--hi); border: 1px solid var(--fg); } .legend-dot.pt-promoted { background: var(--good); border: 1px solid var(--fg); }
`;

function sha256Base64(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('base64');
}

/** Charts drawn by a script: the uPlot library is inlined, the data goes in a JSON block, `code` draws. */
export interface PageScript {
  readonly data: unknown;
  /** A constant script (so its hash is stable); it reads `#report-data`. */
  readonly code: string;
}

export interface ReportPageInput {
  readonly title: string;
  /** Plain text under the title (escaped here). */
  readonly subtitle: string;
  /** The <section> elements, already escaped. */
  readonly body: string;
  /** Present when the page draws uPlot charts. */
  readonly script?: PageScript;
}

/** The uPlot name, version and licence, as the provenance table shows them. */
export function chartLibraryText(): string {
  const library = loadChartLibrary();
  return `${library.name} ${library.version} (${library.licence} licence)`;
}

/** One HTML document, everything inlined; the CSP names only the hashes of what is inlined. */
export function renderReportPage(input: ReportPageInput): string {
  const library = input.script === undefined ? undefined : loadChartLibrary();
  const style = library === undefined ? PAGE_STYLE : `${library.style}\n${PAGE_STYLE}`;
  const scripts = library === undefined || input.script === undefined ? [] : [library.script, input.script.code];
  const csp = [
    "default-src 'none'",
    scripts.length === 0 ? "script-src 'none'" : `script-src ${scripts.map((s) => `'sha256-${sha256Base64(s)}'`).join(' ')}`,
    `style-src 'sha256-${sha256Base64(style)}'`,
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; '); // constants and base64 hashes only: nothing to escape in the attribute
  const title = escapeHtml(input.title);
  const tail =
    input.script === undefined
      ? ''
      : `<script type="application/json" id="report-data">${jsonForScript(input.script.data)}</script>\n${scripts.map((s) => `<script>${s}</script>`).join('\n')}\n`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${style}</style>
</head>
<body>
<header>
  <h1>${title}</h1>
  <p>${escapeHtml(input.subtitle)}</p>
</header>
<main>
${input.body}
</main>
${tail}</body>
</html>
`;
}

/** The provenance table: code version, engine, seed, time, chart library, data files with SHA-256, parameters as JSON. */
export function provenanceSection(p: ReportProvenance, chartLibrary: string | undefined): string {
  const files =
    p.dataFiles.length === 0
      ? '<tr><td colspan="2" class="na">no data files recorded</td></tr>'
      : p.dataFiles.map((f) => `<tr data-file="${escapeHtml(f.path)}"><td><code>${escapeHtml(f.path)}</code></td><td><code>${escapeHtml(f.sha256)}</code></td></tr>`).join('\n');
  const generated = Number.isFinite(p.generatedAt) ? new Date(p.generatedAt).toISOString() : 'n/a';
  const charts = chartLibrary === undefined ? 'inline SVG drawn when the report was built (no script)' : `${escapeHtml(chartLibrary)}, inlined`;
  return `<section id="provenance">
  <h2>Provenance</h2>
<table>
<tr><th>Code version</th><td><code id="code-version">${escapeHtml(p.codeVersion)}</code></td></tr>
<tr><th>Engine</th><td>${escapeHtml(p.engine)}</td></tr>
<tr><th>Seed</th><td><code id="seed">${escapeHtml(p.seed === null ? 'none' : String(p.seed))}</code></td></tr>
<tr><th>Generated at</th><td>${escapeHtml(generated)} (UTC)</td></tr>
<tr><th>Charts</th><td>${charts}</td></tr>
</table>
<h3>Data files</h3>
<table id="data-files"><thead><tr><th>Path</th><th>SHA-256</th></tr></thead><tbody>
${files}
</tbody></table>
<h3>Configuration</h3>
<pre id="parameters">${escapeHtml(JSON.stringify(p.parameters, null, 2))}</pre>
</section>`;
}

/** A number for a table cell: fixed digits, "n/a" for NaN and ±Infinity shown as ∞. */
export function fixed(v: number | undefined, digits: number): string {
  if (v === undefined || Number.isNaN(v)) return 'n/a';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  return v.toFixed(digits);
}

/** A fraction as a percentage for a table cell. */
export function percent(v: number | undefined, digits = 2): string {
  return v === undefined || !Number.isFinite(v) ? 'n/a' : `${(v * 100).toFixed(digits)} %`;
}

/** A number as a data attribute value, exactly as JavaScript prints it (NaN, Infinity as words); "n/a" when absent. */
export function dataNumber(v: number | undefined): string {
  return v === undefined ? 'n/a' : String(v);
}
