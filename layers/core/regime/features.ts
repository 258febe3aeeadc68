/**
 * The HMM's observations from daily closes: the log return of each day and the log of the realised
 * volatility over the trailing window ending that day. Both use bars up to and including t only.
 */

/** Trading days per year, for annualising a daily volatility. */
export const TRADING_DAYS_PER_YEAR = 252;

export interface RegimeFeatureOptions {
  /** Trailing window of the realised volatility, in daily returns (default 21, about a month). */
  readonly volatilityWindow?: number;
}

export interface RegimeFeatures {
  /** ln(C_t / C_t−1) per bar; NaN at bar 0. */
  readonly logReturns: Float64Array;
  /**
   * Annualised realised volatility per bar: √(mean of the last w squared log returns × 252) (zero-mean
   * convention, usual for daily returns); NaN until w returns exist.
   */
  readonly volatility: Float64Array;
  /** Index of the first bar with both features (= the window). */
  readonly firstIndex: number;
  /** [log return, ln volatility] for bars firstIndex..n−1. */
  readonly observations: number[][];
}

/** Log returns and trailing realised volatility of a close series; validates the closes are positive. */
export function regimeFeatures(closes: readonly number[], options: RegimeFeatureOptions = {}): RegimeFeatures {
  const w = options.volatilityWindow ?? 21;
  if (!Number.isInteger(w) || w < 2) throw new RangeError(`volatilityWindow must be an integer ≥ 2, got ${w}`);
  const n = closes.length;
  closes.forEach((c, i) => {
    if (!(c > 0) || !Number.isFinite(c)) throw new RangeError(`close ${i} is ${c}: closes must be positive`);
  });
  const logReturns = new Float64Array(n).fill(Number.NaN);
  for (let t = 1; t < n; t += 1) logReturns[t] = Math.log((closes[t] ?? 1) / (closes[t - 1] ?? 1));
  const volatility = new Float64Array(n).fill(Number.NaN);
  const observations: number[][] = [];
  for (let t = w; t < n; t += 1) {
    // Re-summed per bar (w is small): no drift from a running sum, and each value depends only on its window.
    let sum = 0;
    for (let i = t - w + 1; i <= t; i += 1) sum += (logReturns[i] ?? 0) ** 2;
    const vol = Math.sqrt((sum / w) * TRADING_DAYS_PER_YEAR);
    volatility[t] = vol;
    // A window of identical closes has zero volatility; floor it so the log stays finite.
    observations.push([logReturns[t] ?? 0, Math.log(Math.max(vol, 1e-8))]);
  }
  return { logReturns, volatility, firstIndex: w, observations };
}
