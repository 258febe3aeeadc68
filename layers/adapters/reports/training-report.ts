/**
 * renderTrainingReport: one self-contained HTML file for a `tradeloop train` run of one symbol. Hold-out
 * metrics with intervals for every model, the ensembles and the naive baselines; the reliability curve
 * with bin counts and the confusion matrix of the primary forecast; permutation importance on the
 * hold-out; the CV folds and soft-vote weights; provenance. All charts are static SVG, so the page runs no
 * script at all (CSP script-src 'none'). Metrics are the training result's own; only the reliability bins
 * and confusion counts are counted here from the hold-out forecasts.
 */

import type { LabelConfig, MetricName, PermutationImportance, TrainingReport } from '../../core/ml';
import { METRIC_NAMES } from '../../core/ml';
import { escapeHtml } from './html';
import { dataNumber, fixed, provenanceSection, renderReportPage } from './report-page';
import { svgBars, svgScatter } from './report-svg';
import { confusionMatrix, reliabilityBins } from './training-report-stats';
import type { ReportProvenance } from './types';

/** The forecast the signal engine uses: the calibrated soft vote. */
export const PRIMARY_FORECAST = 'ensemble-soft-vote-calibrated';

export interface TrainingReportInput {
  readonly title: string;
  readonly symbol: string;
  readonly report: TrainingReport;
  /** Hold-out P(up) by forecast name (the names of `report.holdout`), in hold-out row order. */
  readonly holdoutPredictions: Readonly<Record<string, ArrayLike<number>>>;
  readonly holdoutLabels: ArrayLike<number>;
  readonly label?: LabelConfig;
  /** Permutation importance of the primary forecast on the hold-out (section omitted when absent). */
  readonly importance?: PermutationImportance;
  /** Forecast whose calibration and confusion matrix are drawn; default PRIMARY_FORECAST. */
  readonly primary?: string;
  /** Reliability bins; default 10. */
  readonly bins?: number;
  readonly provenance: ReportProvenance;
}

const METRIC_TITLES: Record<MetricName, string> = {
  accuracy: 'Accuracy ↑',
  balancedAccuracy: 'Balanced accuracy ↑',
  logLoss: 'Log loss ↓',
  auc: 'AUC ↑',
  brier: 'Brier ↓',
};

const groupOf = (name: string): 'Base models' | 'Ensembles' | 'Naive baselines' => (name.startsWith('baseline-') ? 'Naive baselines' : name.startsWith('ensemble-') ? 'Ensembles' : 'Base models');

function summarySection(input: TrainingReportInput): string {
  const r = input.report;
  const label = input.label === undefined ? 'not recorded' : `${input.label.kind}, horizon ${input.label.horizon} bars`;
  return `<section id="summary">
  <h2>Data and method</h2>
  <table id="summary-table">
  <tr><th>Symbol</th><td>${escapeHtml(input.symbol)}</td></tr>
  <tr><th>Label</th><td>${escapeHtml(label)}</td></tr>
  <tr><th>Rows</th><td>${r.rows.total} labelled rows: development ${r.rows.development} (${escapeHtml(r.periods.development.from)}..${escapeHtml(r.periods.development.to)}), hold-out <span id="holdout-rows" data-value="${r.rows.holdout}">${r.rows.holdout}</span> (${escapeHtml(r.periods.holdout.from)}..${escapeHtml(r.periods.holdout.to)}), ${r.rows.purgedBeforeHoldout} purged between them</td></tr>
  <tr><th>Up-rate</th><td>development ${fixed(r.upRate.development, 3)}, hold-out ${fixed(r.upRate.holdout, 3)}</td></tr>
  <tr><th>Intervals</th><td>${escapeHtml(r.intervals.method)}, ${r.intervals.resamples} resamples, ${(r.intervals.level * 100).toFixed(0)} %, mean block ${r.intervals.meanBlockLength} rows, seed ${r.intervals.seed}</td></tr>
  </table>
  <h3>Method</h3>
  <ol id="method">${r.method.map((m) => `<li>${escapeHtml(m)}</li>`).join('')}</ol>
</section>`;
}

/** One sentence comparing the primary forecast's accuracy interval with the always-up baseline. */
function skillSentence(r: TrainingReport, primary: string): string {
  const p = r.holdout[primary]?.accuracy;
  const base = r.holdout['baseline-always-up']?.accuracy;
  if (p === undefined || base === undefined) return '';
  const where = p.lower > base.estimate ? 'above' : p.upper < base.estimate ? 'below' : 'contains';
  const verdict =
    where === 'above'
      ? 'its whole interval lies above the always-up baseline'
      : where === 'below'
        ? 'its whole interval lies below the always-up baseline'
        : 'its interval contains the always-up baseline: no evidence of skill over always saying "up"';
  return `<p class="note" id="skill" data-comparison="${where}">${escapeHtml(primary)} accuracy ${fixed(p.estimate, 3)} [${fixed(p.lower, 3)}, ${fixed(p.upper, 3)}] against always-up ${fixed(base.estimate, 3)}: ${escapeHtml(verdict)}.</p>`;
}

function metricsSection(r: TrainingReport, primary: string): string {
  const head = `<tr><th>Forecast</th>${METRIC_NAMES.map((m) => `<th class="num">${escapeHtml(METRIC_TITLES[m])}</th>`).join('')}</tr>`;
  let group = '';
  const rows: string[] = [];
  for (const [name, metrics] of Object.entries(r.holdout)) {
    const g = groupOf(name);
    if (g !== group) {
      group = g;
      rows.push(`<tr class="group"><th colspan="${METRIC_NAMES.length + 1}">${g}</th></tr>`);
    }
    const cells = METRIC_NAMES.map((m) => {
      const v = metrics[m];
      return `<td class="num" data-metric="${m}" data-estimate="${dataNumber(v.estimate)}" data-lower="${dataNumber(v.lower)}" data-upper="${dataNumber(v.upper)}">${fixed(v.estimate, 3)} <span class="note">[${fixed(v.lower, 3)}, ${fixed(v.upper, 3)}]</span></td>`;
    }).join('');
    const cls = [g === 'Naive baselines' ? 'baseline' : '', name === primary ? 'primary' : ''].filter((c) => c !== '').join(' ');
    rows.push(`<tr data-forecast="${escapeHtml(name)}"${cls === '' ? '' : ` class="${cls}"`}><td>${escapeHtml(name)}${name === primary ? ' (primary)' : ''}</td>${cells}</tr>`);
  }
  return `<section id="holdout-metrics">
  <h2>Hold-out metrics</h2>
  <p class="note">Estimate on the ${r.rows.holdout} untouched hold-out rows, [${(r.intervals.level * 100).toFixed(0)} % bootstrap interval]. ↑ higher is better, ↓ lower is better. A call is "up" when P ≥ 0.5. Baselines: always-up and the sign of the last 1-bar return, their only fitted numbers from the development rows.</p>
  ${skillSentence(r, primary)}
  <table id="metrics-table"><thead>${head}</thead><tbody>
${rows.join('\n')}
  </tbody></table>
</section>`;
}

function calibrationSection(input: TrainingReportInput, primary: string): string {
  const p = input.holdoutPredictions[primary];
  if (p === undefined) return `<section id="calibration"><h2>Calibration</h2><p class="note">No hold-out forecasts named ${escapeHtml(primary)}.</p></section>`;
  const bins = reliabilityBins(input.holdoutLabels, p, input.bins ?? 10);
  const filled = bins.filter((b) => b.count > 0);
  const maxCount = Math.max(1, ...filled.map((b) => b.count));
  const chart = svgScatter({
    id: 'reliability-chart',
    xLabel: `mean forecast P(up) in the bin (${primary})`,
    yLabel: 'observed up-rate in the bin',
    xTick: (v) => v.toFixed(1),
    yTick: (v) => v.toFixed(1),
    xDomain: [0, 1],
    yDomain: [0, 1],
    diagonal: true,
    curve: filled.map((b) => ({ x: b.meanPredicted, y: b.observedRate })),
    points: filled.map((b) => ({
      x: b.meanPredicted,
      y: b.observedRate,
      cls: 'pt-curve',
      radius: 2.5 + 5 * Math.sqrt(b.count / maxCount),
      title: `[${b.lower.toFixed(2)}, ${b.upper.toFixed(2)}): ${b.count} rows, mean forecast ${fixed(b.meanPredicted, 3)}, observed ${fixed(b.observedRate, 3)}`,
      data: { count: String(b.count) },
    })),
  });
  const rows = bins
    .map(
      (b, i) =>
        `<tr data-bin="${i}" data-count="${b.count}"><td>[${b.lower.toFixed(2)}, ${b.upper.toFixed(2)}${i === bins.length - 1 ? ']' : ')'}</td><td class="num">${b.count}</td><td class="num">${fixed(b.meanPredicted, 3)}</td><td class="num">${fixed(b.observedRate, 3)}</td></tr>`,
    )
    .join('\n');
  return `<section id="calibration">
  <h2>Calibration (reliability) of ${escapeHtml(primary)}</h2>
  <p class="note">Hold-out forecasts in ${bins.length} equal-width bins; a calibrated forecast lies on the dashed diagonal. Marker area grows with the bin's row count; empty bins are not drawn. Few rows per bin make the observed rate noisy.</p>
  <div class="charts">
${chart}
  <table id="reliability-table"><thead><tr><th>Bin</th><th class="num">Rows</th><th class="num">Mean forecast</th><th class="num">Observed up-rate</th></tr></thead><tbody>
${rows}
  </tbody></table>
  </div>
</section>`;
}

function confusionSection(input: TrainingReportInput, primary: string): string {
  const p = input.holdoutPredictions[primary];
  const main =
    p === undefined
      ? ''
      : (() => {
          const m = confusionMatrix(input.holdoutLabels, p);
          return `<table id="confusion-matrix" data-tp="${m.truePositive}" data-fp="${m.falsePositive}" data-tn="${m.trueNegative}" data-fn="${m.falseNegative}">
  <thead><tr><th></th><th class="num">called up</th><th class="num">called down</th></tr></thead>
  <tbody><tr><th>went up (label 1)</th><td class="num">${m.truePositive}</td><td class="num">${m.falseNegative}</td></tr>
  <tr><th>did not (label 0)</th><td class="num">${m.falsePositive}</td><td class="num">${m.trueNegative}</td></tr></tbody></table>`;
        })();
  const all = Object.entries(input.holdoutPredictions)
    .map(([name, q]) => {
      const m = confusionMatrix(input.holdoutLabels, q);
      const n = m.truePositive + m.falsePositive + m.trueNegative + m.falseNegative;
      const upCalls = m.truePositive + m.falsePositive;
      return `<tr data-forecast="${escapeHtml(name)}"><td>${escapeHtml(name)}</td><td class="num">${m.truePositive}</td><td class="num">${m.falsePositive}</td><td class="num">${m.trueNegative}</td><td class="num">${m.falseNegative}</td><td class="num">${n > 0 ? fixed(upCalls / n, 3) : 'n/a'}</td></tr>`;
    })
    .join('\n');
  return `<section id="confusion">
  <h2>Confusion matrix of ${escapeHtml(primary)}</h2>
  <p class="note">Hold-out rows; a call is "up" when P ≥ 0.5.</p>
  ${main}
  <h3>Every forecast</h3>
  <table id="confusion-all"><thead><tr><th>Forecast</th><th class="num">TP</th><th class="num">FP</th><th class="num">TN</th><th class="num">FN</th><th class="num">Share called up</th></tr></thead><tbody>
${all}
  </tbody></table>
</section>`;
}

function importanceSection(imp: PermutationImportance, primary: string): string {
  const unit = imp.lowerIsBetter ? `rise in ${imp.metric}` : `fall in ${imp.metric}`;
  const chart = svgBars({
    id: 'importance-chart',
    valueLabel: `mean ${unit} when the feature is shuffled (± 1 sd over ${imp.repeats} shuffles)`,
    tick: (v) => v.toFixed(4),
    rows: imp.features.map((f) => ({ label: f.feature, value: f.mean, whisker: f.std, data: { feature: f.feature } })),
  });
  const rows = imp.features
    .map(
      (f, i) =>
        `<tr data-feature="${escapeHtml(f.feature)}" data-mean="${dataNumber(f.mean)}" data-std="${dataNumber(f.std)}"><td class="num">${i + 1}</td><td><code>${escapeHtml(f.feature)}</code></td><td class="num">${fixed(f.mean, 5)}</td><td class="num">${fixed(f.std, 5)}</td></tr>`,
    )
    .join('\n');
  return `<section id="importance">
  <h2>Permutation feature importance (hold-out)</h2>
  <p class="note">${escapeHtml(primary)} on the ${imp.rows} hold-out rows: baseline ${escapeHtml(imp.metric)} <span id="importance-baseline" data-value="${dataNumber(imp.baseline)}">${fixed(imp.baseline, 5)}</span>; each feature's column shuffled ${imp.repeats} times (seed ${imp.seed}) and the ${escapeHtml(unit)} averaged. Positive = the forecast got worse without the feature. Near zero or negative = no measurable use. Correlated features share importance (shuffling one leaves its twin), so a low value does not prove a feature is useless.</p>
${chart}
  <table id="importance-table"><thead><tr><th class="num">Rank</th><th>Feature</th><th class="num">Mean ${escapeHtml(unit)}</th><th class="num">SD</th></tr></thead><tbody>
${rows}
  </tbody></table>
</section>`;
}

function cvSection(r: TrainingReport): string {
  const models = Object.entries(r.cv.outOfFold)
    .map(
      ([name, m]) =>
        `<tr data-model="${escapeHtml(name)}"><td>${escapeHtml(name)}</td><td class="num">${fixed(r.weights[name], 3)}</td>${METRIC_NAMES.map((k) => `<td class="num">${fixed(m[k], 3)}</td>`).join('')}</tr>`,
    )
    .join('\n');
  const folds = r.cv.folds.map((f) => `<tr><td class="num">${f.fold}</td><td class="num">${f.train}</td><td class="num">${f.test}</td><td class="num">${f.purged}</td><td class="num">${f.embargoed}</td></tr>`).join('\n');
  return `<section id="cv">
  <h2>Development: purged cross-validation</h2>
  <p class="note">Out-of-fold point metrics on the development rows (no intervals); the soft-vote weight of each model is ∝ max(0, out-of-fold AUC − 0.5).</p>
  <table id="oof-table"><thead><tr><th>Model</th><th class="num">Soft-vote weight</th>${METRIC_NAMES.map((m) => `<th class="num">${escapeHtml(METRIC_TITLES[m])}</th>`).join('')}</tr></thead><tbody>
${models}
  </tbody></table>
  <h3>Folds</h3>
  <table id="folds"><thead><tr><th class="num">Fold</th><th class="num">Train rows</th><th class="num">Test rows</th><th class="num">Purged</th><th class="num">Embargoed</th></tr></thead><tbody>
${folds}
  </tbody></table>
</section>`;
}

/** The training report as one HTML document (no scripts; everything inlined). */
export function renderTrainingReport(input: TrainingReportInput): string {
  const primary = input.primary ?? PRIMARY_FORECAST;
  const sections = [
    summarySection(input),
    metricsSection(input.report, primary),
    calibrationSection(input, primary),
    confusionSection(input, primary),
    ...(input.importance === undefined ? [] : [importanceSection(input.importance, primary)]),
    cvSection(input.report),
    provenanceSection(input.provenance, undefined),
  ];
  return renderReportPage({
    title: input.title,
    subtitle: `ML ensemble training · ${input.symbol} · hold-out ${input.report.periods.holdout.from}..${input.report.periods.holdout.to} · code ${input.provenance.codeVersion}`,
    body: sections.join('\n'),
  });
}
