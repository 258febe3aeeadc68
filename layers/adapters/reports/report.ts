/**
 * renderBacktestReport: one self-contained HTML file per backtest. Charts (equity, drawdown, price with
 * trade markers) are drawn by the inlined uPlot from a JSON data block; the monthly heatmap, the trades,
 * the metrics and the provenance are static HTML tables, readable without scripts. A CSP meta tag
 * allows only the two inline scripts and the stylesheet by hash and blocks every network load.
 */

import { createHash } from 'node:crypto';
import type { MetricsReport } from '../../core/analytics';
import { loadChartLibrary } from './chart-library';
import { REPORT_SCRIPT } from './chart-script';
import { escapeHtml, jsonForScript } from './html';
import { metricsRows } from './metrics-table';
import { monthlyReturns, type MonthlyReturns } from './monthly-returns';
import type { BacktestReportInput, ReportPriceSeries, ReportProvenance } from './types';

/** Charts and trade times are shown in the exchange's time zone. */
export const REPORT_CHART_TIME_ZONE = 'America/New_York';

/** Number of colour steps on each side of zero in the heatmap. */
export const HEATMAP_STEPS = 5;

const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

const STYLE = `
:root { --fg: #1d2330; --muted: #667085; --line: #d8dde6; --bg: #f6f7f9; --card: #fff; --good: #12805c; --bad: #c0362c; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
header { padding: 14px 20px; background: var(--card); border-bottom: 1px solid var(--line); }
header h1 { font-size: 20px; margin: 0 0 4px; }
header p { margin: 0; color: var(--muted); }
main { padding: 16px 20px; display: grid; gap: 16px; max-width: 1400px; }
section { background: var(--card); border: 1px solid var(--line); border-radius: 6px; padding: 12px 14px; overflow-x: auto; }
section h2 { font-size: 16px; margin: 0 0 6px; }
.note { color: var(--muted); font-size: 12px; margin: 4px 0 8px; }
.chart { min-height: 300px; }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
th, td { text-align: left; padding: 3px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { color: var(--muted); font-weight: 500; font-size: 12px; }
td.num, th.num { text-align: right; }
td.na { color: var(--muted); font-style: italic; }
tr.group th { color: var(--fg); font-weight: 600; font-size: 13px; padding-top: 10px; }
.pos { color: var(--good); } .neg { color: var(--bad); }
code, pre { font: 12px ui-monospace, SFMono-Regular, Menlo, monospace; }
pre { margin: 0; white-space: pre-wrap; word-break: break-all; }
table.heatmap td { min-width: 62px; text-align: right; }
table.heatmap td.total { font-weight: 600; border-left: 2px solid var(--line); }
.hm-n5 { background: #b2182b; color: #fff; } .hm-n4 { background: #d6604d; color: #fff; } .hm-n3 { background: #f4a582; }
.hm-n2 { background: #fbc9b0; } .hm-n1 { background: #fde6da; } .hm-0 { background: #f7f7f7; }
.hm-p1 { background: #dcecf4; } .hm-p2 { background: #b9dbea; } .hm-p3 { background: #92c5de; }
.hm-p4 { background: #4393c3; color: #fff; } .hm-p5 { background: #2166ac; color: #fff; }
.legend span { display: inline-block; padding: 1px 6px; margin-right: 2px; font-size: 11px; }
`;

function sha256Base64(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('base64');
}

/** Drawdown of each point from the running peak: E / max(E so far) − 1 (≤ 0); null where E is not finite. */
export function drawdownSeries(values: ArrayLike<number>): (number | null)[] {
  const out: (number | null)[] = [];
  let peak = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < values.length; i += 1) {
    const v = values[i] ?? Number.NaN;
    if (!Number.isFinite(v)) {
      out.push(null);
      continue;
    }
    if (v > peak) peak = v;
    out.push(peak > 0 ? v / peak - 1 : null);
  }
  return out;
}

function finiteOrNull(v: number | undefined): number | null {
  return v !== undefined && Number.isFinite(v) ? v : null;
}

/** Price chart columns: x is the union of bar times and trade times; markers sit at the trade prices. */
export function priceChartColumns(price: ReportPriceSeries): {
  readonly t: number[];
  readonly close: (number | null)[];
  readonly longEntry: (number | null)[];
  readonly shortEntry: (number | null)[];
  readonly exit: (number | null)[];
} {
  const closeAt = new Map<number, number | null>();
  const n = Math.min(price.timestamps.length, price.close.length);
  for (let i = 0; i < n; i += 1) {
    const t = price.timestamps[i];
    if (t !== undefined && Number.isFinite(t)) closeAt.set(t, finiteOrNull(price.close[i]));
  }
  const longEntry = new Map<number, number>();
  const shortEntry = new Map<number, number>();
  const exit = new Map<number, number>();
  for (const trade of price.trades) {
    (trade.side === 'long' ? longEntry : shortEntry).set(trade.entryTime, trade.entryPrice);
    exit.set(trade.exitTime, trade.exitPrice);
  }
  const times = [...new Set([...closeAt.keys(), ...longEntry.keys(), ...shortEntry.keys(), ...exit.keys()])].filter((t) => Number.isFinite(t)).sort((a, b) => a - b);
  const column = (m: Map<number, number | null>): (number | null)[] => times.map((t) => finiteOrNull(m.get(t) ?? undefined));
  return { t: times, close: column(closeAt), longEntry: column(longEntry), shortEntry: column(shortEntry), exit: column(exit) };
}

/** Heatmap colour class of a monthly return, scaled so the largest |return| is the darkest step. */
export function heatmapClass(r: number, maxAbs: number): string {
  if (!Number.isFinite(r) || r === 0 || !(maxAbs > 0)) return 'hm-0';
  const step = Math.min(HEATMAP_STEPS, Math.max(1, Math.ceil((Math.abs(r) / maxAbs) * HEATMAP_STEPS)));
  return `hm-${r > 0 ? 'p' : 'n'}${step}`;
}

function pct(r: number): string {
  return Number.isFinite(r) ? `${(r * 100).toFixed(2)} %` : 'n/a';
}

function heatmapHtml(table: MonthlyReturns): string {
  if (table.years.length === 0) return '<p class="note">No equity points: no monthly returns.</p>';
  let maxAbs = 0;
  for (const y of table.years) for (const m of y.months) if (m !== undefined && Number.isFinite(m)) maxAbs = Math.max(maxAbs, Math.abs(m));
  const head = `<tr><th>Year</th>${MONTH_NAMES.map((m) => `<th class="num">${m}</th>`).join('')}<th class="num">Year</th></tr>`;
  const body = table.years
    .map((y) => {
      const cells = y.months
        .map((m, i) => {
          const key = `${y.year}-${String(i + 1).padStart(2, '0')}`;
          if (m === undefined) return `<td data-month="${key}"></td>`;
          return `<td class="num ${heatmapClass(m, maxAbs)}" data-month="${key}" data-return="${m}">${pct(m)}</td>`;
        })
        .join('');
      return `<tr><th>${y.year}</th>${cells}<td class="num total" data-year="${y.year}" data-return="${y.total}">${pct(y.total)}</td></tr>`;
    })
    .join('\n');
  const legend = [-HEATMAP_STEPS, -2, -1, 0, 1, 2, HEATMAP_STEPS]
    .map((s) => {
      const cls = s === 0 ? 'hm-0' : `hm-${s > 0 ? 'p' : 'n'}${Math.abs(s)}`;
      const bound = (maxAbs * Math.abs(s)) / HEATMAP_STEPS;
      const text = s === 0 ? '0' : `${s > 0 ? '≤ +' : '≥ −'}${(bound * 100).toFixed(2)} %`;
      return `<span class="${cls}">${escapeHtml(text)}</span>`;
    })
    .join('');
  return `<table class="heatmap"><thead>${head}</thead><tbody>\n${body}\n</tbody></table>
<p class="note legend">Colour scale (${HEATMAP_STEPS} steps each side, darkest = largest |monthly return| ${pct(maxAbs)}): ${legend}</p>`;
}

const nyTime = new Intl.DateTimeFormat('sv-SE', { timeZone: REPORT_CHART_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });

function nyText(ms: number): string {
  return Number.isFinite(ms) ? nyTime.format(new Date(ms)) : 'n/a';
}

function num(v: number, digits: number): string {
  return Number.isFinite(v) ? v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : 'n/a';
}

function tradesHtml(price: ReportPriceSeries): string {
  if (price.trades.length === 0) return '<p class="note">No trades.</p>';
  const rows = price.trades
    .map((t, i) => {
      const cls = t.pnl > 0 ? 'pos' : t.pnl < 0 ? 'neg' : '';
      return `<tr data-trade="${i}"><td class="num">${i + 1}</td><td>${escapeHtml(t.side)}</td><td class="num">${num(t.quantity, 4)}</td><td>${escapeHtml(nyText(t.entryTime))}</td><td class="num">${num(t.entryPrice, 4)}</td><td>${escapeHtml(nyText(t.exitTime))}</td><td class="num">${num(t.exitPrice, 4)}</td><td class="num ${cls}">${num(t.pnl, 2)}</td></tr>`;
    })
    .join('\n');
  return `<table><thead><tr><th class="num">#</th><th>Side</th><th class="num">Qty</th><th>Entry (New York)</th><th class="num">Entry price</th><th>Exit (New York)</th><th class="num">Exit price</th><th class="num">PnL (net)</th></tr></thead><tbody>\n${rows}\n</tbody></table>`;
}

/** One symbol's price chart and trade table; ids carry the symbol's position in `prices`. */
function priceSectionHtml(price: ReportPriceSeries, index: number): string {
  const tradeCount = price.trades.length;
  return `<section id="price-${index}" class="price" data-symbol="${escapeHtml(price.symbol)}">
  <h2>${escapeHtml(price.symbol)} close with trades</h2>
  <p class="note">${tradeCount} trade${tradeCount === 1 ? '' : 's'}; markers at fill prices: filled green = long entry, filled red = short entry, hollow = exit. Times in ${REPORT_CHART_TIME_ZONE}.</p>
  <div class="chart" id="price-chart-${index}">Charts need JavaScript.</div>
  ${tradesHtml(price)}
</section>`;
}

function metricsHtml(metrics: MetricsReport): string {
  let group = '';
  const rows: string[] = [];
  for (const row of metricsRows(metrics)) {
    if (row.group !== group) {
      group = row.group;
      rows.push(`<tr class="group"><th colspan="4">${escapeHtml(group)}</th></tr>`);
    }
    const notes = row.notes.length > 0 ? `<div class="note">${row.notes.map(escapeHtml).join('<br>')}</div>` : '';
    rows.push(
      `<tr data-field="${escapeHtml(row.field)}"><td>${escapeHtml(row.label)}</td><td class="num${row.notAvailable ? ' na' : ''}">${escapeHtml(row.value)}${notes}</td><td>${escapeHtml(row.unit)}</td><td>${escapeHtml(row.definition)}</td></tr>`,
    );
  }
  const notes = metrics.notes.length > 0 ? `<h3>Notes of the metrics report</h3><ul id="metrics-notes">${metrics.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul>` : '<p class="note" id="metrics-notes">The metrics report has no notes.</p>';
  return `<p class="note">Every field of the metrics report (computeMetrics). "n/a" marks NaN, ±Infinity or a part not computed; the notes say why. Fractions are shown as %; times in UTC (ISO 8601); durations in calendar days.</p>
<table id="metrics-table"><thead><tr><th>Metric</th><th class="num">Value</th><th>Unit</th><th>Definition / convention</th></tr></thead><tbody>
${rows.join('\n')}
</tbody></table>
${notes}`;
}

function provenanceHtml(p: ReportProvenance, library: string): string {
  const files =
    p.dataFiles.length === 0
      ? '<tr><td colspan="2" class="na">no data files recorded</td></tr>'
      : p.dataFiles.map((f) => `<tr data-file="${escapeHtml(f.path)}"><td><code>${escapeHtml(f.path)}</code></td><td><code>${escapeHtml(f.sha256)}</code></td></tr>`).join('\n');
  const generated = Number.isFinite(p.generatedAt) ? new Date(p.generatedAt).toISOString() : 'n/a';
  return `<table>
<tr><th>Code version</th><td><code id="code-version">${escapeHtml(p.codeVersion)}</code></td></tr>
<tr><th>Engine</th><td>${escapeHtml(p.engine)}</td></tr>
<tr><th>Seed</th><td><code>${escapeHtml(p.seed === null ? 'none' : String(p.seed))}</code></td></tr>
<tr><th>Generated at</th><td>${escapeHtml(generated)} (UTC)</td></tr>
<tr><th>Charts</th><td>${escapeHtml(library)}, inlined</td></tr>
</table>
<h3>Data files</h3>
<table id="data-files"><thead><tr><th>Path</th><th>SHA-256</th></tr></thead><tbody>
${files}
</tbody></table>
<h3>Parameters</h3>
<pre id="parameters">${escapeHtml(JSON.stringify(p.parameters, null, 2))}</pre>`;
}

/** Renders the report as one HTML document with everything inlined (no network needed to view it). */
export function renderBacktestReport(input: BacktestReportInput): string {
  const library = loadChartLibrary();
  const monthTimeZone = input.monthTimeZone ?? 'America/New_York';
  const months = monthlyReturns(input.equity.timestamps, input.equity.values, monthTimeZone);
  const equityT = Array.from(input.equity.timestamps);
  const equityV = Array.from(input.equity.values, (v) => (Number.isFinite(v) ? v : null));
  const data = {
    chartTimeZone: REPORT_CHART_TIME_ZONE,
    equity: { t: equityT, v: equityV },
    drawdown: drawdownSeries(input.equity.values),
    prices: input.prices.map((price) => ({ symbol: price.symbol, ...priceChartColumns(price) })),
  };
  const style = `${library.style}\n${STYLE}`;
  const csp = [
    "default-src 'none'",
    `script-src 'sha256-${sha256Base64(library.script)}' 'sha256-${sha256Base64(REPORT_SCRIPT)}'`,
    `style-src 'sha256-${sha256Base64(style)}'`,
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; '); // constants and base64 hashes only: nothing to escape in the attribute
  const title = escapeHtml(input.title);
  const libraryText = `${library.name} ${library.version} (${library.licence} licence)`;
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
  <p>Backtest report · ${escapeHtml(input.provenance.engine)} · code ${escapeHtml(input.provenance.codeVersion)}</p>
</header>
<main>
<section id="equity">
  <h2>Equity curve</h2>
  <p class="note">Account equity after each bar; times in ${REPORT_CHART_TIME_ZONE}.</p>
  <div class="chart" id="equity-chart">Charts need JavaScript.</div>
</section>
<section id="drawdown">
  <h2>Drawdown</h2>
  <p class="note">E / running peak of E − 1, derived from the equity curve (0 at a new peak).</p>
  <div class="chart" id="drawdown-chart">Charts need JavaScript.</div>
</section>
<section id="monthly-returns" data-time-zone="${monthTimeZone}">
  <h2>Monthly returns</h2>
  <p class="note">Calendar months in ${monthTimeZone}. A month's return is equity at its last point over equity at the last point of the previous month with data, − 1 (the first month starts from the curve's first point); the year column compounds its months. Empty cells: no equity point that month.</p>
  ${heatmapHtml(months)}
</section>
${input.prices.map(priceSectionHtml).join('\n')}
<section id="metrics">
  <h2>Metrics</h2>
  ${metricsHtml(input.metrics)}
</section>
<section id="provenance">
  <h2>Provenance</h2>
  ${provenanceHtml(input.provenance, libraryText)}
</section>
</main>
<script type="application/json" id="report-data">${jsonForScript(data)}</script>
<script>${library.script}</script>
<script>${REPORT_SCRIPT}</script>
</body>
</html>
`;
}
