/**
 * Every field of a MetricsReport as a table row: a formatted value, its unit and the convention or
 * definition it follows. The row specs are mapped types over the report's interfaces, so a field added
 * to MetricsReport fails type-checking here until the report shows it. NaN and ±Infinity show as
 * "n/a" with the report's notes that explain them.
 */

import type { AccuracyReport, AlphaBeta, BootstrapInterval, MetricsConventions, MetricsReport, TradeStatistics, UnderwaterEpisode } from '../../core/analytics';

/** How a value is shown. */
type Format = 'percent' | 'ratio' | 'number' | 'count' | 'money' | 'duration' | 'time' | 'text' | 'boolean' | 'years';

interface RowSpec {
  readonly label: string;
  readonly format: Format;
  readonly unit: string;
  readonly definition: string;
  /** Prefix of the report notes that explain a NaN/Infinity of this row (e.g. `sharpe`). */
  readonly noteKey?: string;
  /** What an absent (undefined) value means, e.g. "the risk-free rate"; without it absent is "n/a". */
  readonly absent?: string;
}

/** One rendered row. `field` is the dotted path in MetricsReport (e.g. `trades.winRate`). */
export interface MetricsRow {
  readonly group: string;
  readonly field: string;
  readonly label: string;
  readonly value: string;
  readonly unit: string;
  readonly definition: string;
  /** True when the value is NaN, ±Infinity or absent (shown as "n/a"). */
  readonly notAvailable: boolean;
  readonly notes: readonly string[];
}

type Specs<T> = { readonly [K in keyof T]-?: RowSpec };

const CONVENTION_ROWS: Specs<MetricsConventions> = {
  periodsPerYear: { label: 'Periods per year', format: 'number', unit: 'bars / year', definition: 'annualises means (×N), volatilities (×√N) and the CAGR clock' },
  riskFreeRate: { label: 'Risk-free rate', format: 'percent', unit: '% per year (effective)', definition: 'converted per period geometrically' },
  returnKind: { label: 'Return kind', format: 'text', unit: '', definition: 'simple E_t/E_{t−1} − 1 or log ln(E_t/E_{t−1}); total return and CAGR always use the endpoints' },
  stdDenominator: { label: 'Std denominator', format: 'text', unit: '', definition: 'sample: n − 1 (Bessel); population: n' },
  sortinoTarget: { label: 'Sortino target', format: 'percent', unit: '% per year (effective)', definition: 'minimum acceptable return', absent: 'the risk-free rate' },
  bootstrapResamples: { label: 'Bootstrap resamples', format: 'count', unit: 'count', definition: 'resamples of every bootstrap interval' },
  bootstrapSeed: { label: 'Bootstrap seed', format: 'count', unit: '', definition: 'mulberry32 seed; fixed so the report is reproducible' },
  confidenceLevel: { label: 'Confidence level', format: 'percent', unit: '% two-sided', definition: 'percentile intervals (type-7 quantiles)' },
  sharpeMeanBlockLength: { label: 'Sharpe mean block length', format: 'number', unit: 'bars', definition: 'stationary bootstrap (Politis & Romano)', absent: 'max(1, round(n^(1/3)))' },
  accuracyMeanBlockLength: { label: 'Accuracy mean block length', format: 'number', unit: 'bars', definition: '1 = ordinary iid bootstrap of hits' },
};

const EPISODE_ROWS: Specs<UnderwaterEpisode> = {
  depth: { label: 'Depth', format: 'percent', unit: '% of peak', definition: '1 − trough / peak' },
  peakIndex: { label: 'Peak index', format: 'count', unit: 'bar index', definition: 'index into the equity curve' },
  troughIndex: { label: 'Trough index', format: 'count', unit: 'bar index', definition: 'index into the equity curve' },
  endIndex: { label: 'End index', format: 'count', unit: 'bar index', definition: 'recovery point, or the last point when not recovered' },
  recovered: { label: 'Recovered', format: 'boolean', unit: '', definition: 'false: measured to the last point (a lower bound)' },
  peakTime: { label: 'Peak time', format: 'time', unit: 'UTC', definition: 'time of the running peak' },
  troughTime: { label: 'Trough time', format: 'time', unit: 'UTC', definition: 'time of the lowest point' },
  endTime: { label: 'End time', format: 'time', unit: 'UTC', definition: 'recovery time, or the last point' },
  duration: { label: 'Duration', format: 'duration', unit: 'calendar days', definition: 'endTime − peakTime' },
  durationPeriods: { label: 'Duration (bars)', format: 'count', unit: 'bars', definition: 'endIndex − peakIndex' },
};

const TRADE_ROWS: Specs<TradeStatistics> = {
  numberOfTrades: { label: 'Trades', format: 'count', unit: 'count', definition: 'closed round trips' },
  wins: { label: 'Wins', format: 'count', unit: 'count', definition: 'pnl > 0 (net of fees)' },
  losses: { label: 'Losses', format: 'count', unit: 'count', definition: 'pnl < 0 (net of fees)' },
  breakevens: { label: 'Breakevens', format: 'count', unit: 'count', definition: 'pnl = 0; in the win-rate denominator' },
  winRate: { label: 'Win rate', format: 'percent', unit: '% of trades', definition: 'wins / trades', noteKey: 'no trades' },
  grossProfit: { label: 'Gross profit', format: 'money', unit: 'currency', definition: 'sum of winning pnl' },
  grossLoss: { label: 'Gross loss', format: 'money', unit: 'currency', definition: 'sum of losing pnl, as a positive magnitude' },
  profitFactor: { label: 'Profit factor', format: 'ratio', unit: 'ratio', definition: 'gross profit / gross loss; Infinity with wins and no losses', noteKey: 'no trades' },
  expectancy: { label: 'Expectancy', format: 'money', unit: 'currency / trade', definition: 'mean pnl per trade', noteKey: 'no trades' },
  averageWin: { label: 'Average win', format: 'money', unit: 'currency', definition: 'mean pnl of winners', noteKey: 'no trades' },
  averageLoss: { label: 'Average loss', format: 'money', unit: 'currency', definition: 'mean pnl of losers (negative)', noteKey: 'no trades' },
  payoffRatio: { label: 'Payoff ratio', format: 'ratio', unit: 'ratio', definition: 'average win / |average loss|', noteKey: 'no trades' },
  netProfit: { label: 'Net profit', format: 'money', unit: 'currency', definition: 'gross profit − gross loss (net of fees)' },
  totalFees: { label: 'Total fees', format: 'money', unit: 'currency', definition: 'fees and commissions on both legs' },
};

const interval = (what: string, noteKey: string, format: Format, unit: string): Specs<BootstrapInterval> => ({
  estimate: { label: `${what}: estimate`, format, unit, definition: 'statistic on the original sample', noteKey },
  lower: { label: `${what}: lower bound`, format, unit, definition: 'lower percentile of the resampled statistic', noteKey },
  upper: { label: `${what}: upper bound`, format, unit, definition: 'upper percentile of the resampled statistic', noteKey },
  level: { label: `${what}: level`, format: 'percent', unit: '% two-sided', definition: 'e.g. 95 % → 2.5 % and 97.5 % percentiles' },
  method: { label: `${what}: method`, format: 'text', unit: '', definition: 'stationary bootstrap (Politis & Romano 1994), percentile interval' },
  meanBlockLength: { label: `${what}: mean block length`, format: 'number', unit: 'bars', definition: 'geometric block lengths with this mean; 1 = iid' },
  resamples: { label: `${what}: resamples`, format: 'count', unit: 'count', definition: 'resamples drawn' },
  validResamples: { label: `${what}: valid resamples`, format: 'count', unit: 'count', definition: 'resamples with a finite statistic (others dropped)' },
  seed: { label: `${what}: seed`, format: 'count', unit: '', definition: 'mulberry32 seed' },
});

type AccuracyScalars = Omit<AccuracyReport, 'confidenceInterval'>;
const ACCURACY_ROWS: Specs<AccuracyScalars> = {
  hits: { label: 'Direction hits', format: 'count', unit: 'count', definition: 'pairs whose predicted and realised signs agree' },
  count: { label: 'Direction pairs', format: 'count', unit: 'count', definition: 'pairs with non-zero predicted and realised direction' },
  excluded: { label: 'Excluded pairs', format: 'count', unit: 'count', definition: 'pairs with a zero or non-finite direction' },
  accuracy: { label: 'Directional accuracy', format: 'percent', unit: '% of pairs', definition: 'hits / pairs', noteKey: 'accuracy' },
};

const BENCHMARK_ROWS: Specs<AlphaBeta> = {
  beta: { label: 'Beta', format: 'ratio', unit: 'ratio', definition: 'OLS slope on excess returns: cov(s, b) / var(b)', noteKey: 'benchmark' },
  alphaPerPeriod: { label: 'Alpha per period', format: 'percent', unit: '% per bar', definition: 'mean(s − rf) − β · mean(b − rf)', noteKey: 'benchmark' },
  alpha: { label: 'Alpha (annualised)', format: 'percent', unit: '% per year', definition: 'arithmetic: alpha per period × periods per year', noteKey: 'benchmark' },
  correlation: { label: 'Correlation', format: 'ratio', unit: 'ratio', definition: 'Pearson correlation of the excess series', noteKey: 'benchmark' },
  rSquared: { label: 'R²', format: 'ratio', unit: 'ratio', definition: 'correlation squared', noteKey: 'benchmark' },
  observations: { label: 'Observations', format: 'count', unit: 'count', definition: 'aligned return pairs' },
};

type ScalarFields = Omit<MetricsReport, 'conventions' | 'maxDrawdownEpisode' | 'longestUnderwater' | 'trades' | 'sharpeConfidenceInterval' | 'accuracy' | 'benchmark' | 'notes'>;
const SCALAR_ROWS: Specs<ScalarFields> = {
  periods: { label: 'Periods', format: 'count', unit: 'bars', definition: 'equity points − 1' },
  years: { label: 'Years', format: 'years', unit: 'years', definition: 'periods / periods per year (the bar clock)' },
  totalReturn: { label: 'Total return', format: 'percent', unit: '%', definition: 'E_last / E_first − 1' },
  cagr: { label: 'CAGR', format: 'percent', unit: '% per year', definition: '(E_last / E_first)^(1/years) − 1' },
  annualisedVolatility: { label: 'Volatility (annualised)', format: 'percent', unit: '% per year', definition: 'std of period returns × √(periods per year)' },
  sharpe: { label: 'Sharpe ratio', format: 'ratio', unit: 'annualised ratio', definition: 'mean excess return / std × √N', noteKey: 'sharpe' },
  sortino: { label: 'Sortino ratio', format: 'ratio', unit: 'annualised ratio', definition: 'mean excess over target / downside deviation (n = all periods) × √N', noteKey: 'sortino' },
  calmar: { label: 'Calmar ratio', format: 'ratio', unit: 'ratio', definition: 'CAGR / max drawdown', noteKey: 'calmar' },
  maxDrawdown: { label: 'Max drawdown', format: 'percent', unit: '% of peak', definition: 'deepest 1 − trough / running peak (positive)' },
  exposure: { label: 'Exposure', format: 'percent', unit: '% of run time', definition: 'share of time with at least one trade open' },
  turnover: { label: 'Turnover', format: 'ratio', unit: '× mean equity', definition: 'two-sided traded notional / mean equity' },
  annualisedTurnover: { label: 'Turnover (annualised)', format: 'ratio', unit: '× mean equity per year', definition: 'turnover / years' },
};

const SCALAR_ORDER: readonly (keyof ScalarFields)[] = ['totalReturn', 'cagr', 'annualisedVolatility', 'sharpe', 'sortino', 'calmar', 'maxDrawdown', 'exposure', 'turnover', 'annualisedTurnover', 'periods', 'years'];

const DAY_MS = 86_400_000;

/** Formats one value; NaN, ±Infinity, undefined and null give "n/a". */
export function formatMetric(value: unknown, format: Format): { readonly text: string; readonly notAvailable: boolean } {
  if (value === undefined || value === null) return { text: 'n/a', notAvailable: true };
  if (typeof value === 'boolean') return { text: value ? 'yes' : 'no', notAvailable: false };
  if (typeof value === 'string') return { text: value, notAvailable: false };
  if (typeof value !== 'number') return { text: String(value), notAvailable: false };
  if (!Number.isFinite(value)) return { text: 'n/a', notAvailable: true };
  switch (format) {
    case 'percent':
      return { text: `${(value * 100).toFixed(2)} %`, notAvailable: false };
    case 'ratio':
      return { text: value.toFixed(4), notAvailable: false };
    case 'money':
      return { text: value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }), notAvailable: false };
    case 'count':
      return { text: String(Math.round(value)), notAvailable: false };
    case 'duration':
      return { text: (value / DAY_MS).toFixed(2), notAvailable: false };
    case 'time':
      return { text: new Date(value).toISOString().replace('.000Z', 'Z'), notAvailable: false };
    case 'years':
      return { text: value.toFixed(4), notAvailable: false };
    default:
      return { text: String(value), notAvailable: false };
  }
}

function notesFor(spec: RowSpec, notes: readonly string[], notAvailable: boolean): readonly string[] {
  if (!notAvailable) return [];
  const key = spec.noteKey;
  const matching = key === undefined ? [] : notes.filter((n) => n.toLowerCase().startsWith(key));
  if (matching.length > 0) return matching;
  // Degenerate curves explain every return-based NaN in a general note.
  return notes.filter((n) => n.startsWith('equity curve') || n.startsWith('fewer than 2'));
}

function rowsOf<T extends object>(group: string, prefix: string, specs: Specs<T>, source: T | undefined, notes: readonly string[], order?: readonly (keyof T)[]): MetricsRow[] {
  const keys = order ?? (Object.keys(specs) as (keyof T)[]);
  return keys.map((key) => {
    const spec = specs[key];
    const raw = source === undefined ? undefined : source[key];
    if (raw === undefined && source !== undefined && spec.absent !== undefined) {
      return { group, field: `${prefix}${String(key)}`, label: spec.label, value: `default: ${spec.absent}`, unit: spec.unit, definition: spec.definition, notAvailable: false, notes: [] };
    }
    const { text, notAvailable } = formatMetric(raw, spec.format);
    const absentNote = source === undefined ? [`${group}: not computed for this run`] : [];
    return {
      group,
      field: `${prefix}${String(key)}`,
      label: spec.label,
      value: text,
      unit: spec.unit,
      definition: spec.definition,
      notAvailable,
      notes: [...absentNote, ...notesFor(spec, notes, notAvailable)],
    };
  });
}

/** Every field of the report as rows, grouped; `notes` itself is shown separately by the report. */
export function metricsRows(report: MetricsReport): readonly MetricsRow[] {
  const notes = report.notes;
  const ci = report.sharpeConfidenceInterval;
  return [
    ...rowsOf('Returns and risk', '', SCALAR_ROWS, report, notes, SCALAR_ORDER),
    ...rowsOf('Deepest drawdown', 'maxDrawdownEpisode.', EPISODE_ROWS, report.maxDrawdownEpisode, notes),
    ...rowsOf('Longest underwater period', 'longestUnderwater.', EPISODE_ROWS, report.longestUnderwater, notes),
    ...rowsOf('Trades', 'trades.', TRADE_ROWS, report.trades, notes),
    ...rowsOf('Sharpe confidence interval', 'sharpeConfidenceInterval.', interval('Sharpe', 'sharpe', 'ratio', 'annualised ratio'), ci, notes),
    ...rowsOf('Directional accuracy', 'accuracy.', ACCURACY_ROWS, report.accuracy, notes),
    ...rowsOf('Accuracy confidence interval', 'accuracy.confidenceInterval.', interval('Accuracy', 'accuracy', 'percent', '% of pairs'), report.accuracy?.confidenceInterval, notes),
    ...rowsOf('Benchmark (CAPM, OLS)', 'benchmark.', BENCHMARK_ROWS, report.benchmark, notes),
    ...rowsOf('Conventions', 'conventions.', CONVENTION_ROWS, report.conventions, notes),
  ];
}
