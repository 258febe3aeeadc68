/**
 * renderDiscoveryReport: one self-contained HTML file for a `tradeloop discover` run. The Pareto picture
 * (every trial's out-of-sample return against its drawdown and against its turnover, front and finalists
 * marked) is static SVG; the finalists' stitched out-of-sample equity curves are drawn by the inlined uPlot;
 * the gate tables, the selection statistics (trials, deflated Sharpe, PBO) and the provenance are HTML tables.
 * The report shows the result's numbers; it recomputes none of them except equity from the returns.
 */

import type { DiscoveryResult, Finalist, TrialSummary } from '../../core/discovery';
import { DISCOVERY_REPORT_SCRIPT } from './discovery-report-script';
import { escapeHtml } from './html';
import { chartLibraryText, dataNumber, fixed, percent, provenanceSection, renderReportPage } from './report-page';
import { svgScatter, type SvgPoint } from './report-svg';
import type { ReportProvenance } from './types';

/** Charts' time axis is in the exchange's zone. */
const CHART_TIME_ZONE = 'America/New_York';

export interface DiscoveryReportInput {
  readonly title: string;
  readonly result: DiscoveryResult;
  readonly provenance: ReportProvenance;
}

/** Label of the i-th finalist in every table and chart (F1, F2, …). */
export const finalistLabel = (i: number): string => `F${i + 1}`;

/** Compounded growth of 1 after each return: 1·(1 + r₀)…(1 + rᵢ). */
export function growthOfOne(returns: readonly number[]): number[] {
  let e = 1;
  return returns.map((r) => (e *= 1 + r));
}

const paramsText = (f: Pick<Finalist, 'params'>): string =>
  Object.entries(f.params)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(', ');

function summarySection(r: DiscoveryResult): string {
  const families = r.families
    .map(
      (f) =>
        `<tr data-family="${escapeHtml(f.family)}"><td>${escapeHtml(f.family)}</td><td class="num">${f.evaluations}</td><td class="num">${f.generations}</td><td class="num">${f.proposals}</td><td class="num">${f.frontSize}</td><td class="num">${f.finalists}</td></tr>`,
    )
    .join('\n');
  return `<section id="summary">
  <h2>Search and selection statistics</h2>
  <table id="summary-table">
  <tr><th>Symbol</th><td>${escapeHtml(r.symbol)}</td></tr>
  <tr><th>Bars</th><td class="num">${r.bars}</td></tr>
  <tr><th>Search span</th><td>${r.search.bars} bars; ${r.search.folds} walk-forward folds (warm-up ${r.search.trainLength}, test ${r.search.testLength}); ${r.search.outOfSampleBars} stitched out-of-sample bars</td></tr>
  <tr><th>Hold-out</th><td>${r.holdout === undefined ? 'none' : `${r.holdout.bars} bars, never seen by the search`}</td></tr>
  <tr><th>Trials (N of the deflated Sharpe)</th><td class="num" id="trials" data-value="${r.trials}">${r.trials}</td></tr>
  <tr><th>V[SR] of the trials (per period)</th><td class="num">${fixed(r.sharpeVariance, 6)}</td></tr>
  <tr><th>Finalists</th><td class="num" id="finalist-count" data-value="${r.finalists.length}">${r.finalists.length}</td></tr>
  <tr><th>Promoted</th><td class="num" id="promoted" data-value="${r.promoted}">${r.promoted}</td></tr>
  <tr><th>PBO (CSCV over the finalists)</th><td class="num" id="pbo" data-value="${dataNumber(r.pbo.value)}">${fixed(r.pbo.value, 3)}${r.pbo.submatrices > 0 ? ` (S = ${r.pbo.submatrices}, ${r.pbo.combinations} combinations; P(OOS loss) ${fixed(r.pbo.probabilityOfLoss, 3)})` : ' (not measured: fewer than 2 finalists or too short a record)'}</td></tr>
  </table>
  <p class="note">${r.promoted === 0 ? 'Nothing passed every gate: an honest answer, not an error.' : `${r.promoted} of ${r.finalists.length} finalists passed every gate.`} The search selected on the out-of-sample returns below; the deflated Sharpe (over all ${r.trials} trials) and PBO are what charge for that selection.</p>
  <h3>Families</h3>
  <table id="families"><thead><tr><th>Family</th><th class="num">Evaluations</th><th class="num">Generations</th><th class="num">Proposals</th><th class="num">Front size</th><th class="num">Finalists</th></tr></thead><tbody>
${families}
  </tbody></table>
</section>`;
}

function paretoSection(r: DiscoveryResult): string {
  const finalistIndex = new Map(r.finalists.map((f, i) => [`${f.family}|${f.key}`, i]));
  const invested = r.trialSummaries.filter((t) => t.invested);
  const point = (t: TrialSummary, x: number): SvgPoint => {
    const i = finalistIndex.get(`${t.family}|${t.key}`);
    const f = i === undefined ? undefined : r.finalists[i];
    const cls = f === undefined ? (t.front ? 'pt-front' : 'pt-trial') : f.report.passed ? 'pt-promoted' : 'pt-finalist';
    const tag = i === undefined ? (t.front ? 'front' : 'trial') : `${finalistLabel(i)}${f?.report.passed === true ? ' promoted' : ''}`;
    return {
      x,
      y: t.objectives.annualReturn,
      cls,
      radius: i === undefined ? 3.5 : 5.5,
      ...(i === undefined ? {} : { label: finalistLabel(i) }),
      title: `${tag}: ${t.family} ${t.key}; return/yr ${percent(t.objectives.annualReturn)}, max DD ${percent(t.objectives.maxDrawdown)}, round trips/yr ${fixed(t.objectives.tradesPerYear, 1)}`,
      data: { family: t.family, key: t.key, role: i === undefined ? (t.front ? 'front' : 'trial') : 'finalist' },
    };
  };
  // finalists last so they are drawn on top
  const rank = (t: TrialSummary): number => (finalistIndex.has(`${t.family}|${t.key}`) ? 2 : t.front ? 1 : 0);
  const ordered = [...invested].sort((a, b) => rank(a) - rank(b));
  const pctTick = (v: number): string => `${(v * 100).toFixed(0)} %`;
  const ddChart = svgScatter({
    id: 'pareto-drawdown',
    xLabel: 'max drawdown (out of sample)',
    yLabel: 'annualised return (out of sample)',
    xTick: pctTick,
    yTick: pctTick,
    points: ordered.map((t) => point(t, t.objectives.maxDrawdown)),
  });
  const turnoverChart = svgScatter({
    id: 'pareto-turnover',
    xLabel: 'round trips per year (turnover)',
    yLabel: 'annualised return (out of sample)',
    xTick: (v) => v.toFixed(1),
    yTick: pctTick,
    points: ordered.map((t) => point(t, t.objectives.tradesPerYear)),
  });
  const idle = r.trialSummaries.length - invested.length;
  const unplotted = invested.filter((t) => !Number.isFinite(t.objectives.annualReturn) || !Number.isFinite(t.objectives.maxDrawdown)).length;
  return `<section id="pareto">
  <h2>Pareto front</h2>
  <p class="note">Every distinct trial's stitched walk-forward out-of-sample objectives. The search maximises return and minimises drawdown and turnover; the front is non-dominated on all three, so a front member can look dominated in one 2-D view.
  <span class="legend-dot pt-trial"></span>trial <span class="legend-dot pt-front"></span>front <span class="legend-dot pt-finalist"></span>finalist (rejected) <span class="legend-dot pt-promoted"></span>finalist (promoted)</p>
  <div class="charts">
${ddChart}
${turnoverChart}
  </div>
  <p class="note">${r.trialSummaries.length} trials; ${idle} never invested (infeasible, not plotted)${unplotted > 0 ? `; ${unplotted} with a non-finite objective (not plotted)` : ''}.</p>
</section>`;
}

function equitySection(r: DiscoveryResult): { readonly html: string; readonly data: unknown } {
  const first = r.finalists[0];
  const n = first?.outOfSampleReturns.length ?? 0;
  const times = first?.outOfSampleTimes;
  const timed = times !== undefined && times.length === n && r.finalists.every((f) => f.outOfSampleReturns.length === n);
  const x = timed && times !== undefined ? [...times] : Array.from({ length: n }, (_, i) => i + 1);
  const series = r.finalists.map((f, i) => ({
    label: `${finalistLabel(i)} ${f.family}`,
    // 8 significant digits are far below a pixel and keep the file small (thousands of points per finalist)
    v: growthOfOne(f.outOfSampleReturns).slice(0, n).map((v) => (Number.isFinite(v) ? Number(v.toPrecision(8)) : null)),
  }));
  const finals = r.finalists
    .map((f, i) => {
      const g = growthOfOne(f.outOfSampleReturns);
      return `<tr data-finalist="${finalistLabel(i)}"><td>${finalistLabel(i)}</td><td>${escapeHtml(f.family)}</td><td class="num" data-final-equity="${dataNumber(g[g.length - 1])}">${fixed(g[g.length - 1], 4)}</td></tr>`;
    })
    .join('\n');
  return {
    html: `<section id="equity">
  <h2>Walk-forward equity of each finalist</h2>
  <p class="note">Growth of 1 over the stitched out-of-sample test ranges (${n} bars${timed ? `; times in ${CHART_TIME_ZONE}` : ''}). Each test range was run after a warm-up on the bars before it and never on data after it.</p>
  <div class="chart" id="equity-chart">Charts need JavaScript.</div>
  <table id="final-equity"><thead><tr><th>Finalist</th><th>Family</th><th class="num">Final growth of 1</th></tr></thead><tbody>
${finals}
  </tbody></table>
</section>`,
    data: { chartTimeZone: CHART_TIME_ZONE, time: timed, x, series },
  };
}

function gateTable(f: Finalist, i: number): string {
  const rows = f.report.results
    .map(
      (g) =>
        `<tr data-gate="${escapeHtml(g.gate)}" data-value="${dataNumber(g.value)}" data-threshold="${dataNumber(g.threshold)}" data-pass="${g.pass}"><td>${escapeHtml(g.gate)}</td><td class="num">${fixed(g.value, 4)}</td><td>${g.comparison === 'at-least' ? '≥' : '≤'} ${fixed(g.threshold, 4)}</td><td class="verdict ${g.pass ? 'pass' : 'fail'}">${g.pass ? 'pass' : 'fail'}</td><td>${escapeHtml(g.reason)}</td></tr>`,
    )
    .join('\n');
  const h = f.holdout;
  const holdout =
    h === undefined
      ? '<p class="note">No hold-out in this run.</p>'
      : `<p class="note">Untouched hold-out (${h.bars} bars, reported, not gated): return/yr ${percent(h.annualReturn)}, Sharpe ${fixed(h.sharpe, 2)}, max drawdown ${percent(h.maxDrawdown)}.</p>`;
  return `<section id="finalist-${i + 1}" class="finalist" data-family="${escapeHtml(f.family)}" data-passed="${f.report.passed}">
  <h2>${finalistLabel(i)} · ${escapeHtml(f.family)} · ${escapeHtml(paramsText(f))} — <span class="verdict ${f.report.passed ? 'pass' : 'fail'}">${f.report.passed ? 'PROMOTED' : 'rejected'}</span></h2>
  <p class="note">Out of sample: ${f.outOfSampleBars} bars, ${f.trades} closed trades; deflated Sharpe <span data-dsr="${dataNumber(f.metrics.deflatedSharpe)}">${fixed(f.metrics.deflatedSharpe, 4)}</span>; PBO <span data-pbo="${dataNumber(f.metrics.pbo)}">${fixed(f.metrics.pbo, 4)}</span>.</p>
  <table class="gates"><thead><tr><th>Gate</th><th class="num">Measured</th><th>Threshold</th><th>Verdict</th><th>Reason</th></tr></thead><tbody>
${rows}
  </tbody></table>
  ${holdout}
</section>`;
}

function finalistsOverview(r: DiscoveryResult): string {
  const rows = r.finalists
    .map(
      (f, i) =>
        `<tr data-finalist="${finalistLabel(i)}"><td><a href="#finalist-${i + 1}">${finalistLabel(i)}</a></td><td>${escapeHtml(f.family)}</td><td><code>${escapeHtml(paramsText(f))}</code></td><td class="num">${percent(f.objectives.annualReturn, 1)}</td><td class="num">${percent(f.objectives.maxDrawdown, 1)}</td><td class="num">${fixed(f.objectives.tradesPerYear, 1)}</td><td class="num">${fixed(f.metrics.sharpe, 2)}</td><td class="num">${fixed(f.metrics.deflatedSharpe, 3)}</td><td class="num">${percent(f.holdout?.annualReturn, 1)}</td><td class="verdict ${f.report.passed ? 'pass' : 'fail'}">${f.report.passed ? 'promoted' : `rejected (${f.report.results.filter((g) => !g.pass).length} failed)`}</td></tr>`,
    )
    .join('\n');
  return `<section id="finalists">
  <h2>Finalists</h2>
  <table id="finalists-table"><thead><tr><th>#</th><th>Family</th><th>Parameters</th><th class="num">Return/yr</th><th class="num">Max DD</th><th class="num">Round trips/yr</th><th class="num">Sharpe</th><th class="num">DSR</th><th class="num">Hold-out return/yr</th><th>Verdict</th></tr></thead><tbody>
${rows || '<tr><td colspan="10" class="na">no finalist (no candidate ever invested)</td></tr>'}
  </tbody></table>
</section>`;
}

/** The discovery report as one HTML document with everything inlined. */
export function renderDiscoveryReport(input: DiscoveryReportInput): string {
  const r = input.result;
  const equity = equitySection(r);
  const body = [summarySection(r), paretoSection(r), equity.html, finalistsOverview(r), ...r.finalists.map(gateTable), provenanceSection(input.provenance, chartLibraryText())].join('\n');
  return renderReportPage({
    title: input.title,
    subtitle: `Strategy discovery · ${r.symbol} · ${r.trials} trials, ${r.promoted} promoted · code ${input.provenance.codeVersion}`,
    body,
    script: { data: equity.data, code: DISCOVERY_REPORT_SCRIPT },
  });
}
