/**
 * Drawdown distributions by resampling (seeded, deterministic). One backtest's maximum drawdown is a
 * single draw from the luck of its ordering; reshuffling its trades or block-bootstrapping its returns
 * shows how deep a drawdown the same edge could have produced.
 *
 * - Trade-order shuffle (Monte Carlo permutation, as in most trading platforms' "Monte Carlo analysis"):
 *   the same trades in a uniformly random order (Fisher–Yates). The final equity does not change; the path does.
 * - Block bootstrap of period returns: the stationary bootstrap of ../analytics (Politis & Romano 1994),
 *   which keeps serial dependence within blocks; sampling is with replacement, so the final equity varies too.
 */

import { defaultMeanBlockLength, mulberry32, quantileSorted, stationaryBootstrapIndices, type UniformRandom } from '../analytics';

/** Quantile levels reported by default. */
export const DEFAULT_DRAWDOWN_QUANTILES = [0.05, 0.25, 0.5, 0.75, 0.95, 0.99] as const;

/** A resampled distribution of maximum drawdown (positive fractions, e.g. 0.25 = −25 %). */
export interface DrawdownDistribution {
  readonly method: 'trade-shuffle' | 'stationary-bootstrap';
  /** Maximum drawdown of the series in its actual order. */
  readonly observed: number;
  /** Every resample's maximum drawdown, ascending. */
  readonly samples: Float64Array;
  readonly mean: number;
  /** Type-7 quantiles at the requested levels. */
  readonly quantiles: ReadonlyArray<{ readonly level: number; readonly value: number }>;
  /** Share of resamples at least as deep as the observed drawdown. */
  readonly observedRank: number;
  readonly resamples: number;
  readonly seed: number;
  /** Mean block length (stationary bootstrap only). */
  readonly meanBlockLength?: number;
}

/** Options shared by both resamplers. */
export interface ResamplingOptions {
  readonly resamples: number;
  readonly seed: number;
  readonly quantiles?: readonly number[];
}

/**
 * Maximum drawdown of the equity path start · Π(1 + r) (start included as the first peak), as a positive
 * fraction 1 − trough / peak. A path that reaches zero or below has drawdown 1 (ruin) from then on.
 */
export function maxDrawdownOfReturns(returns: ArrayLike<number>): number {
  let equity = 1;
  let peak = 1;
  let worst = 0;
  for (let i = 0; i < returns.length; i += 1) {
    equity *= 1 + (returns[i] ?? Number.NaN);
    if (!(equity > 0)) return 1;
    if (equity > peak) peak = equity;
    else if (1 - equity / peak > worst) worst = 1 - equity / peak;
  }
  return worst;
}

/** Maximum drawdown of the path start + cumulative P&L (amounts), as a positive fraction; 1 on ruin. */
export function maxDrawdownOfPnl(pnl: ArrayLike<number>, start: number): number {
  if (!(start > 0)) throw new RangeError(`starting equity must be positive, got ${start}`);
  let equity = start;
  let peak = start;
  let worst = 0;
  for (let i = 0; i < pnl.length; i += 1) {
    equity += pnl[i] ?? Number.NaN;
    if (!(equity > 0)) return 1;
    if (equity > peak) peak = equity;
    else if (1 - equity / peak > worst) worst = 1 - equity / peak;
  }
  return worst;
}

/** Fisher–Yates shuffle of `values` into `out` (same length). */
export function shuffleInto(values: ArrayLike<number>, out: Float64Array, random: UniformRandom): void {
  for (let i = 0; i < out.length; i += 1) out[i] = values[i] ?? Number.NaN;
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    const t = out[i] ?? Number.NaN;
    out[i] = out[j] ?? Number.NaN;
    out[j] = t;
  }
}

function summarise(
  method: DrawdownDistribution['method'],
  observed: number,
  samples: Float64Array,
  options: ResamplingOptions,
  meanBlockLength?: number,
): DrawdownDistribution {
  samples.sort();
  let sum = 0;
  let deeper = 0;
  for (const s of samples) {
    sum += s;
    if (s >= observed) deeper += 1;
  }
  const levels = options.quantiles ?? DEFAULT_DRAWDOWN_QUANTILES;
  return {
    method,
    observed,
    samples,
    mean: samples.length > 0 ? sum / samples.length : Number.NaN,
    quantiles: levels.map((level) => ({ level, value: quantileSorted(samples, level) })),
    observedRank: samples.length > 0 ? deeper / samples.length : Number.NaN,
    resamples: samples.length,
    seed: options.seed,
    ...(meanBlockLength === undefined ? {} : { meanBlockLength }),
  };
}

function resampleCount(options: ResamplingOptions): number {
  if (!Number.isInteger(options.resamples) || options.resamples < 1) throw new RangeError(`resamples must be a whole number ≥ 1, got ${options.resamples}`);
  return options.resamples;
}

/**
 * Trade-order shuffle. `trades` are per-trade returns on equity (`compounding: 'returns'`, default: each
 * trade multiplies equity by 1 + r) or P&L amounts added to `startEquity` (`compounding: 'pnl'`).
 */
export function tradeShuffleDrawdowns(
  trades: ArrayLike<number>,
  options: ResamplingOptions & { readonly compounding?: 'returns' | 'pnl'; readonly startEquity?: number },
): DrawdownDistribution {
  const count = resampleCount(options);
  const pnl = options.compounding === 'pnl';
  const start = options.startEquity ?? 1;
  const mdd = (xs: ArrayLike<number>) => (pnl ? maxDrawdownOfPnl(xs, start) : maxDrawdownOfReturns(xs));
  const random = mulberry32(options.seed);
  const buffer = new Float64Array(trades.length);
  const samples = new Float64Array(count);
  for (let b = 0; b < count; b += 1) {
    shuffleInto(trades, buffer, random);
    samples[b] = mdd(buffer);
  }
  return summarise('trade-shuffle', mdd(trades), samples, options);
}

/** Stationary block bootstrap of period returns (mean block length default max(1, round(n^(1/3)))). */
export function blockBootstrapDrawdowns(returns: ArrayLike<number>, options: ResamplingOptions & { readonly meanBlockLength?: number }): DrawdownDistribution {
  const count = resampleCount(options);
  const n = returns.length;
  const meanBlockLength = options.meanBlockLength ?? defaultMeanBlockLength(n);
  const random = mulberry32(options.seed);
  const indices = new Int32Array(n);
  const buffer = new Float64Array(n);
  const samples = new Float64Array(count);
  for (let b = 0; b < count; b += 1) {
    if (n > 0) stationaryBootstrapIndices(n, meanBlockLength, random, indices);
    for (let i = 0; i < n; i += 1) buffer[i] = returns[indices[i] ?? 0] ?? Number.NaN;
    samples[b] = maxDrawdownOfReturns(buffer);
  }
  return summarise('stationary-bootstrap', maxDrawdownOfReturns(returns), samples, options, meanBlockLength);
}
