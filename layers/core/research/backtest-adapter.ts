/**
 * Adapter from the event-driven backtester to walk-forward optimisation: a catalogue strategy
 * (`buildStrategy(name, params)`) run with `runBacktest` on one symbol's bars, restricted to a range.
 *
 * A strategy needs history before a range to warm up its indicators. The run starts `warmup(params)`
 * bars before the range (never before bar 0); only the returns of the range's own bars are reported,
 * so a position opened during the warm-up (decided on past bars only) is carried into the range as
 * it would be in continuous trading. The equity before the first bar of the run is the starting cash.
 * Trades reported for a range are those opened AND closed within it (a position carried in from the warm-up,
 * or still open at the end, counts in the returns but not in the trade list).
 */

import { sharpeRatio, type ClosedTrade } from '../analytics';
import { runBacktest, type BacktestBar, type BacktestResult, type Fees, type Sizing, type Slippage } from '../backtest';
import { buildStrategy } from '../strategies';
import type { IndexRange } from './splits';
import type { ReturnSegment } from './walk-forward';

/** Parameters of a catalogue strategy. */
export type StrategyParams = Readonly<Record<string, number | boolean>>;

/** How to run one symbol's bars. Defaults: 95 % of equity, next-open fills, no costs, cash 100 000, 252 periods a year. */
export interface BacktestAdapterOptions {
  readonly strategy: string;
  readonly symbol: string;
  /** The whole time axis, ascending by start; ranges index into it. */
  readonly bars: readonly BacktestBar[];
  /** Bars before a range fed to the strategy first (e.g. its longest indicator window). */
  readonly warmup: (params: StrategyParams) => number;
  readonly sizing?: Sizing;
  readonly cash?: string;
  readonly fill?: 'next-open' | 'close';
  readonly slippage?: Slippage;
  readonly fees?: Fees;
  readonly periodsPerYear?: number;
}

/** The two callbacks a walk-forward problem needs, backed by runBacktest. */
export interface BacktestSegments {
  /** Period returns (and their bar timestamps) of the range's bars. */
  evaluate(params: StrategyParams, range: IndexRange): ReturnSegment;
  /** Annualised Sharpe ratio of those returns (NaN when undefined, e.g. never invested). */
  score(params: StrategyParams, range: IndexRange): number;
}

/** Builds the adapter. Each call is one deterministic backtest (seed 0; catalogue strategies use no randomness). */
export function backtestSegments(options: BacktestAdapterOptions): BacktestSegments {
  const cash = options.cash ?? '100000';
  const periodsPerYear = options.periodsPerYear ?? 252;
  const evaluate = (params: StrategyParams, range: IndexRange): ReturnSegment => {
    const start = Math.max(0, range.start);
    const end = Math.min(options.bars.length, range.end);
    if (end <= start) return { returns: new Float64Array(0), timestamps: new Float64Array(0) };
    const from = Math.max(0, start - Math.max(0, Math.floor(options.warmup(params))));
    const result = runBacktest({
      bars: new Map([[options.symbol, options.bars.slice(from, end)]]),
      strategy: buildStrategy(options.strategy, params),
      sizing: options.sizing ?? { kind: 'fraction-of-equity', fraction: '0.95' },
      cash,
      fill: options.fill ?? 'next-open',
      slippage: options.slippage ?? { kind: 'none' },
      fees: options.fees ?? { kind: 'none' },
      seed: 0,
      metrics: { periodsPerYear, bootstrapResamples: 0 },
    });
    return rangeSegment(result, { cash, runStart: from, start, end, firstTime: options.bars[start]?.start ?? Number.NaN });
  };
  return {
    evaluate,
    score: (params, range) => sharpeRatio(evaluate(params, range).returns, { periodsPerYear }),
  };
}

/** Where a run sits on the caller's time axis: it starts at index `runStart`; the range is [start, end). */
export interface RangeOfRun {
  /** Starting cash: the equity before the run's first point. */
  readonly cash: string;
  readonly runStart: number;
  readonly start: number;
  readonly end: number;
  /** Time of the range's first point: trades opened before it (in the warm-up) are not the range's. */
  readonly firstTime: number;
}

/**
 * The range's own period returns, their times and the trades opened within it, cut from a run that began
 * `start - runStart` points earlier (the warm-up). Shared by the single-symbol and the portfolio adapters, whose
 * runs both mark equity once per point of their axis.
 */
export function rangeSegment(result: BacktestResult, range: RangeOfRun): ReturnSegment & { readonly trades: readonly ClosedTrade[] } {
  const equity = result.equityCurve.equity;
  const times = result.equityCurve.timestamps;
  const n = range.end - range.start;
  const returns = new Float64Array(n);
  const timestamps = new Float64Array(n);
  for (let k = 0; k < n; k += 1) {
    const i = range.start - range.runStart + k; // index into the run's curve
    const prev = i === 0 ? Number(range.cash) : (equity[i - 1] ?? Number.NaN);
    returns[k] = (equity[i] ?? Number.NaN) / prev - 1;
    timestamps[k] = times[i] ?? Number.NaN;
  }
  const trades: ClosedTrade[] = result.trades
    .filter((t) => t.entryTime >= range.firstTime)
    .map((t) => ({
      entryTime: t.entryTime,
      exitTime: t.exitTime,
      entryPrice: Number(t.entryPrice),
      exitPrice: Number(t.exitPrice),
      quantity: Number(t.quantity),
      side: t.side,
      pnl: Number(t.pnl),
      fees: Number(t.fees),
    }));
  return { returns, timestamps, trades };
}
