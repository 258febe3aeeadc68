/**
 * Adapter from the portfolio runner to walk-forward optimisation: a portfolio strategy
 * (`buildPortfolioStrategy(name, params)`) run with `runPortfolioBacktest` on a whole universe, restricted to a
 * range of the universe's time axis.
 *
 * The axis is the sorted union of every symbol's bar starts: the engine marks equity once per such timestamp, so
 * one axis index is one period return, as one bar is for `backtestSegments`. A range [start, end) of the axis
 * runs the strategy on every symbol's bars from `warmup(params)` axis steps before `start` up to (not including)
 * the timestamp at `end`: nothing at or after the range's end is handed to the engine, so a candidate cannot see
 * bars after its test window. Only the range's own returns are reported (a position taken in the warm-up is
 * carried in); trades are those opened within the range, as in backtest-adapter.ts.
 */

import { sharpeRatio } from '../analytics';
import { runPortfolioBacktest, type BacktestBar, type Fees, type Slippage } from '../backtest';
import { buildPortfolioStrategy, PORTFOLIO_CATALOGUE, type PortfolioStrategyName } from '../strategies';
import { rangeSegment, type BacktestSegments, type StrategyParams } from './backtest-adapter';
import type { IndexRange } from './splits';
import type { ReturnSegment } from './walk-forward';

/** How to run a universe. Defaults: the runner's invested fraction (0.95) and band (0.02), next-open fills, no costs, cash 100 000. */
export interface PortfolioAdapterOptions {
  readonly strategy: PortfolioStrategyName;
  /** Every symbol's bars, each ascending by start. */
  readonly bars: ReadonlyMap<string, readonly BacktestBar[]>;
  /** Axis steps before a range fed to the strategy first. */
  readonly warmup: (params: StrategyParams) => number;
  readonly investedFraction?: number;
  readonly band?: number;
  readonly cash?: string;
  readonly fill?: 'next-open' | 'close';
  readonly slippage?: Slippage;
  readonly fees?: Fees;
  readonly periodsPerYear?: number;
}

/** The sorted union of the universe's bar starts: the time axis ranges index into. */
export function universeAxis(bars: ReadonlyMap<string, readonly BacktestBar[]>): Float64Array {
  const times = new Set<number>();
  for (const series of bars.values()) for (const b of series) times.add(b.start);
  return Float64Array.from(times).sort();
}

/** First index of `series` whose start is at or after `t` (binary search; series ascending). */
function lowerBound(series: readonly BacktestBar[], t: number): number {
  let lo = 0;
  let hi = series.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((series[mid]?.start ?? Number.POSITIVE_INFINITY) < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Builds the adapter over the universe's axis. Each call is one deterministic backtest (portfolio strategies use no randomness). */
export function portfolioSegments(options: PortfolioAdapterOptions): BacktestSegments & { readonly axis: Float64Array } {
  const cash = options.cash ?? '100000';
  const periodsPerYear = options.periodsPerYear ?? 252;
  const axis = universeAxis(options.bars);
  const entry = PORTFOLIO_CATALOGUE[options.strategy];
  const evaluate = (params: StrategyParams, range: IndexRange): ReturnSegment => {
    const start = Math.max(0, range.start);
    const end = Math.min(axis.length, range.end);
    if (end <= start) return { returns: new Float64Array(0), timestamps: new Float64Array(0) };
    const from = Math.max(0, start - Math.max(0, Math.floor(options.warmup(params))));
    const tFrom = axis[from] ?? Number.NEGATIVE_INFINITY;
    const tEnd = axis[end] ?? Number.POSITIVE_INFINITY;
    // Every symbol stays in the universe (pairs need both), even one with no bar in the slice.
    const sliced = new Map<string, readonly BacktestBar[]>();
    for (const [symbol, series] of options.bars) sliced.set(symbol, series.slice(lowerBound(series, tFrom), lowerBound(series, tEnd)));
    const result = runPortfolioBacktest({
      bars: sliced,
      strategy: buildPortfolioStrategy(options.strategy, params),
      rebalance: { investedFraction: options.investedFraction ?? 0.95, band: options.band ?? 0.02 },
      cash,
      fill: options.fill ?? 'next-open',
      slippage: options.slippage ?? { kind: 'none' },
      fees: options.fees ?? { kind: 'none' },
      seed: 0,
      allowShort: entry.sellsShort,
      metrics: { periodsPerYear, bootstrapResamples: 0 },
    });
    return rangeSegment(result, { cash, runStart: from, start, end, firstTime: axis[start] ?? Number.NaN });
  };
  return {
    axis,
    evaluate,
    score: (params, range) => sharpeRatio(evaluate(params, range).returns, { periodsPerYear }),
  };
}
