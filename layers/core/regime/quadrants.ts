/**
 * Rule-based regimes: trend by the close against its SMA (200 days by default: above = bull), volatility
 * by the realised volatility against its own trailing median (above = volatile). Causal: each label uses
 * bars up to t only.
 */
import { smaBatch } from '../indicators';
import { regimeFeatures } from './features';
import { quadrantLabel, type RegimeLabel } from './labels';

export interface QuadrantOptions {
  /** SMA window of the trend rule (default 200). */
  readonly trendWindow?: number;
  /** Realised-volatility window (default 21). */
  readonly volatilityWindow?: number;
  /** Window of the rolling median the volatility is compared with, in days (default 252). */
  readonly medianWindow?: number;
}

export interface QuadrantSeries {
  /** The quadrant per bar; null until both rules have warmed up. */
  readonly labels: (RegimeLabel | null)[];
  readonly sma: Float64Array;
  readonly volatility: Float64Array;
  /** Median of the last `medianWindow` volatility values, including t; NaN before. */
  readonly volatilityMedian: Float64Array;
}

/** Rolling median over the last `window` values of `values` (NaN entries reset nothing: only finite values enter once the series starts). */
export function rollingMedian(values: Float64Array, window: number): Float64Array {
  if (!Number.isInteger(window) || window < 1) throw new RangeError(`median window must be a positive integer, got ${window}`);
  const out = new Float64Array(values.length).fill(Number.NaN);
  const sorted: number[] = [];
  const fifo: number[] = [];
  const lowerBound = (x: number): number => {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((sorted[mid] ?? 0) < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  for (let t = 0; t < values.length; t += 1) {
    const v = values[t] ?? Number.NaN;
    if (!Number.isFinite(v)) continue;
    fifo.push(v);
    sorted.splice(lowerBound(v), 0, v);
    if (fifo.length > window) {
      const old = fifo.shift() ?? 0;
      sorted.splice(lowerBound(old), 1);
    }
    if (fifo.length === window) {
      const m = window >> 1;
      out[t] = window % 2 === 1 ? (sorted[m] ?? Number.NaN) : ((sorted[m - 1] ?? 0) + (sorted[m] ?? 0)) / 2;
    }
  }
  return out;
}

/** Bull/bear × quiet/volatile per bar from closes. */
export function trendVolatilityQuadrants(closes: readonly number[], options: QuadrantOptions = {}): QuadrantSeries {
  const trendWindow = options.trendWindow ?? 200;
  const medianWindow = options.medianWindow ?? 252;
  const sma = smaBatch(Float64Array.from(closes), trendWindow);
  const { volatility } = regimeFeatures(closes, { volatilityWindow: options.volatilityWindow ?? 21 });
  const volatilityMedian = rollingMedian(volatility, medianWindow);
  const labels = closes.map((close, t) => {
    const s = sma[t] ?? Number.NaN;
    const v = volatility[t] ?? Number.NaN;
    const m = volatilityMedian[t] ?? Number.NaN;
    if (!Number.isFinite(s) || !Number.isFinite(v) || !Number.isFinite(m)) return null;
    return quadrantLabel(close > s, v > m);
  });
  return { labels, sma, volatility, volatilityMedian };
}
