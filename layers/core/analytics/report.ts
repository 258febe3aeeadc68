/** One call from a run's equity curve, trades, predictions and benchmark to a full metrics report. */

import { directionalAccuracy } from './accuracy';
import { bootstrapInterval, defaultMeanBlockLength, type BootstrapInterval } from './bootstrap';
import { perPeriodRate, resolveConventions, type MetricsConventions } from './conventions';
import { drawdowns, type UnderwaterEpisode } from './drawdown';
import { alphaBeta, type AlphaBeta } from './regression';
import { annualisedVolatility, cagr, calmarRatio, periodReturns, sharpeRatio, sortinoRatio, totalReturn } from './returns';
import { mean } from './stats';
import { exposure, tradeStatistics, turnover, type ClosedTrade, type TradeStatistics } from './trades';

/** An equity curve: timestamps (epoch ms, increasing) and equity at each, same length. */
export interface EquityCurve {
  readonly timestamps: ArrayLike<number>;
  readonly values: ArrayLike<number>;
}

/** Predicted directions (any signed number: ±1 or a predicted return) and realised outcomes, aligned. */
export interface PredictionSeries {
  readonly predicted: ArrayLike<number>;
  readonly realised: ArrayLike<number>;
}

/**
 * Benchmark SIMPLE period returns, aligned with the strategy's period returns (length = equity
 * points − 1). Converted to log returns (ln(1 + r)) when the conventions use log returns.
 */
export interface BenchmarkSeries {
  readonly returns: ArrayLike<number>;
}

/** Input of computeMetrics. */
export interface MetricsInput {
  readonly equity: EquityCurve;
  readonly trades?: readonly ClosedTrade[];
  readonly predictions?: PredictionSeries;
  readonly benchmark?: BenchmarkSeries;
  readonly conventions?: Partial<MetricsConventions>;
}

/** Directional accuracy with its bootstrap interval. */
export interface AccuracyReport {
  readonly hits: number;
  readonly count: number;
  readonly excluded: number;
  readonly accuracy: number;
  readonly confidenceInterval: BootstrapInterval;
}

/** The full report. NaN/Infinity values are explained in `notes`; computing it never throws. */
export interface MetricsReport {
  readonly conventions: MetricsConventions;
  readonly periods: number;
  /** (points − 1) / periodsPerYear. */
  readonly years: number;
  readonly totalReturn: number;
  readonly cagr: number;
  readonly annualisedVolatility: number;
  readonly sharpe: number;
  readonly sortino: number;
  readonly calmar: number;
  /** Positive fraction. */
  readonly maxDrawdown: number;
  /** Peak → trough → recovery of the deepest drawdown (recovered: false → measured to the last point). */
  readonly maxDrawdownEpisode: UnderwaterEpisode | undefined;
  /** Longest peak-to-recovery (or peak-to-end if never recovered) period. */
  readonly longestUnderwater: UnderwaterEpisode | undefined;
  readonly trades: TradeStatistics;
  /** Share of the run's time with at least one trade open. */
  readonly exposure: number;
  /** Two-sided turnover over the run (traded notional / mean equity). */
  readonly turnover: number;
  /** turnover / years. */
  readonly annualisedTurnover: number;
  readonly sharpeConfidenceInterval: BootstrapInterval;
  readonly accuracy: AccuracyReport | undefined;
  readonly benchmark: AlphaBeta | undefined;
  /** Human-readable reasons for NaN or Infinity values and for ignored inputs. */
  readonly notes: readonly string[];
}

function validateCurve(equity: EquityCurve): string | undefined {
  if (equity.timestamps.length !== equity.values.length) {
    return `equity curve: ${equity.timestamps.length} timestamps vs ${equity.values.length} values`;
  }
  for (let i = 1; i < equity.timestamps.length; i += 1) {
    if (!((equity.timestamps[i] ?? Number.NaN) > (equity.timestamps[i - 1] ?? Number.NaN))) return `equity curve: timestamps not strictly increasing at index ${i}`;
  }
  for (let i = 0; i < equity.values.length; i += 1) {
    const v = equity.values[i] ?? Number.NaN;
    if (!Number.isFinite(v)) return `equity curve: non-finite value at index ${i}`;
  }
  return undefined;
}

/**
 * Computes every metric of a run. Degenerate inputs (no trades, one point, zero volatility, a
 * benchmark of the wrong length, an invalid curve) produce NaN/Infinity with a note, never a throw.
 */
export function computeMetrics(input: MetricsInput): MetricsReport {
  const c = resolveConventions(input.conventions);
  const notes: string[] = [];
  const invalid = validateCurve(input.equity);
  if (invalid !== undefined) notes.push(`${invalid}; return-based metrics are NaN`);
  const values = invalid === undefined ? input.equity.values : new Float64Array(0);
  const timestamps = invalid === undefined ? input.equity.timestamps : new Float64Array(0);
  const n = values.length;
  const periods = Math.max(0, n - 1);
  const years = periods / c.periodsPerYear;
  if (n < 2) notes.push('fewer than 2 equity points: returns, ratios and bootstrap are NaN');

  const returns = periodReturns(values, c.returnKind);
  const rf = perPeriodRate(c.riskFreeRate, c.periodsPerYear, c.returnKind);
  const target = perPeriodRate(c.sortinoTarget ?? c.riskFreeRate, c.periodsPerYear, c.returnKind);
  const sharpeOf = (r: Float64Array): number => sharpeRatio(r, { periodsPerYear: c.periodsPerYear, riskFreePerPeriod: rf, denominator: c.stdDenominator });

  const growth = cagr(values, c.periodsPerYear);
  const sharpe = sharpeOf(returns);
  if (Number.isNaN(sharpe) && returns.length >= 2) notes.push('sharpe: zero volatility of excess returns, ratio undefined (NaN)');
  const sortino = sortinoRatio(returns, c.periodsPerYear, target);
  if (sortino === Number.POSITIVE_INFINITY) notes.push('sortino: no period below target, downside deviation 0 (Infinity)');
  const dd = drawdowns(timestamps, values);
  const calmar = calmarRatio(growth, dd.maxDrawdown);
  if (dd.maxDrawdown === 0 && n >= 2) notes.push(`calmar: no drawdown (${Number.isFinite(calmar) ? calmar : String(calmar)})`);
  if (dd.maxDrawdownEpisode !== undefined && !dd.maxDrawdownEpisode.recovered) {
    notes.push('max drawdown not recovered: its duration is measured to the last point (a lower bound)');
  }

  const trades = input.trades ?? [];
  const tradeStats = tradeStatistics(trades);
  if (trades.length === 0) notes.push('no trades: win rate, profit factor, expectancy and averages are NaN; exposure and turnover 0');
  const start = timestamps[0] ?? Number.NaN;
  const end = timestamps[n - 1] ?? Number.NaN;
  const exposureShare = trades.length === 0 && n >= 2 ? 0 : exposure(trades, start, end);
  const turnoverValue = trades.length === 0 && n >= 1 ? 0 : turnover(trades, mean(values));

  const sharpeCi = bootstrapInterval(returns, sharpeOf, {
    resamples: c.bootstrapResamples,
    seed: c.bootstrapSeed,
    level: c.confidenceLevel,
    meanBlockLength: c.sharpeMeanBlockLength ?? defaultMeanBlockLength(returns.length),
  });

  let accuracy: AccuracyReport | undefined;
  if (input.predictions !== undefined) {
    const da = directionalAccuracy(input.predictions.predicted, input.predictions.realised);
    if (da.count === 0) notes.push('accuracy: no pair with a non-zero predicted and realised direction (NaN)');
    const ci = bootstrapInterval(da.hitSeries, (s) => mean(s), {
      resamples: c.bootstrapResamples,
      seed: c.bootstrapSeed,
      level: c.confidenceLevel,
      meanBlockLength: c.accuracyMeanBlockLength,
    });
    accuracy = { hits: da.hits, count: da.count, excluded: da.excluded, accuracy: da.accuracy, confidenceInterval: ci };
  }

  let benchmark: AlphaBeta | undefined;
  if (input.benchmark !== undefined) {
    const raw = input.benchmark.returns;
    const b = Float64Array.from({ length: raw.length }, (_, i) => {
      const r = raw[i] ?? Number.NaN;
      return c.returnKind === 'log' ? Math.log1p(r) : r;
    });
    if (b.length !== returns.length) notes.push(`benchmark: ${b.length} returns vs ${returns.length} strategy returns; alpha/beta NaN`);
    benchmark = alphaBeta(returns, b, c.periodsPerYear, rf);
    if (b.length === returns.length && Number.isNaN(benchmark.beta)) notes.push('benchmark: zero variance or too few points; alpha/beta NaN');
  }

  return {
    conventions: c,
    periods,
    years,
    totalReturn: totalReturn(values),
    cagr: growth,
    annualisedVolatility: annualisedVolatility(returns, c.periodsPerYear, c.stdDenominator),
    sharpe,
    sortino,
    calmar,
    maxDrawdown: dd.maxDrawdown,
    maxDrawdownEpisode: dd.maxDrawdownEpisode,
    longestUnderwater: dd.longestUnderwater,
    trades: tradeStats,
    exposure: exposureShare,
    turnover: turnoverValue,
    annualisedTurnover: years > 0 ? turnoverValue / years : Number.NaN,
    sharpeConfidenceInterval: sharpeCi,
    accuracy,
    benchmark,
    notes,
  };
}
