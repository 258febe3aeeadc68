/** Period returns from an equity curve, and the return-based ratios (volatility, Sharpe, Sortino, CAGR, Calmar). */

import type { ReturnKind, StdDenominator } from './conventions';
import { mean, standardDeviation } from './stats';

/** Relative tolerance under which a standard deviation counts as zero (float noise on a constant series). */
const ZERO_VOLATILITY_RELATIVE = 1e-10;

/**
 * Period returns r_i from equity E_0..E_n (length n): simple E_i/E_{i−1} − 1 or log ln(E_i/E_{i−1}).
 * A non-positive previous equity gives NaN for that period (a return is undefined there).
 */
export function periodReturns(equity: ArrayLike<number>, kind: ReturnKind = 'simple'): Float64Array {
  const n = Math.max(0, equity.length - 1);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i += 1) {
    const prev = equity[i] ?? Number.NaN;
    const next = equity[i + 1] ?? Number.NaN;
    if (!(prev > 0)) {
      out[i] = Number.NaN;
      continue;
    }
    out[i] = kind === 'log' ? Math.log(next / prev) : next / prev - 1;
  }
  return out;
}

/** Total return E_last / E_first − 1; NaN with fewer than 2 points or a non-positive start. */
export function totalReturn(equity: ArrayLike<number>): number {
  const n = equity.length;
  if (n < 2) return Number.NaN;
  const first = equity[0] ?? Number.NaN;
  const last = equity[n - 1] ?? Number.NaN;
  if (!(first > 0)) return Number.NaN;
  return last / first - 1;
}

/**
 * Compound annual growth rate (E_last/E_first)^(1/years) − 1 with years = (points − 1) / periodsPerYear
 * (the bar clock, consistent with the annualisation of volatility). Pass `years` to use another clock
 * (e.g. calendar time). −1 when the equity ends at or below zero; NaN when years ≤ 0 or the start is not positive.
 */
export function cagr(equity: ArrayLike<number>, periodsPerYear: number, years?: number): number {
  const n = equity.length;
  const span = years ?? (n - 1) / periodsPerYear;
  if (n < 2 || !(span > 0)) return Number.NaN;
  const first = equity[0] ?? Number.NaN;
  const last = equity[n - 1] ?? Number.NaN;
  if (!(first > 0)) return Number.NaN;
  if (last <= 0) return -1;
  return Math.pow(last / first, 1 / span) - 1;
}

/** Annualised volatility: std(r) · √periodsPerYear. NaN with too few returns. */
export function annualisedVolatility(returns: ArrayLike<number>, periodsPerYear: number, denominator: StdDenominator = 'sample'): number {
  return standardDeviation(returns, denominator) * Math.sqrt(periodsPerYear);
}

/** Options of the Sharpe ratio. */
export interface SharpeOptions {
  readonly periodsPerYear: number;
  /** Risk-free return per period, in the same kind as the returns. Default 0. */
  readonly riskFreePerPeriod?: number;
  readonly denominator?: StdDenominator;
}

/**
 * Annualised Sharpe ratio: mean(r − rf) / std(r − rf) · √periodsPerYear.
 * NaN when there are fewer than 2 returns or the volatility is zero (a ratio with zero risk is
 * undefined; reporting Infinity would rank a flat series above every real strategy).
 */
export function sharpeRatio(returns: ArrayLike<number>, options: SharpeOptions): number {
  // std(r − rf) = std(r) for a constant rf, so no shifted copy is needed (this runs per bootstrap resample).
  const m = mean(returns) - (options.riskFreePerPeriod ?? 0);
  const s = standardDeviation(returns, options.denominator ?? 'sample');
  if (!Number.isFinite(s) || !(s > ZERO_VOLATILITY_RELATIVE * Math.abs(m))) return Number.NaN;
  return (m / s) * Math.sqrt(options.periodsPerYear);
}

/**
 * Downside deviation below a per-period target T: √(Σ min(0, r_i − T)² / n), with n the number of
 * ALL periods (Sortino & Price 1994; empyrical does the same). NaN for an empty series.
 */
export function downsideDeviation(returns: ArrayLike<number>, targetPerPeriod = 0): number {
  const n = returns.length;
  if (n === 0) return Number.NaN;
  let ss = 0;
  for (let i = 0; i < n; i += 1) {
    const d = Math.min(0, (returns[i] ?? Number.NaN) - targetPerPeriod);
    ss += d * d;
  }
  return Math.sqrt(ss / n);
}

/**
 * Annualised Sortino ratio: (mean(r) − T) / downsideDeviation(r, T) · √periodsPerYear.
 * With no period below target the downside deviation is 0: +Infinity when mean(r) > T
 * (no downside risk at all, as empyrical reports), NaN when mean(r) = T or the series is empty.
 */
export function sortinoRatio(returns: ArrayLike<number>, periodsPerYear: number, targetPerPeriod = 0): number {
  const dd = downsideDeviation(returns, targetPerPeriod);
  const m = mean(returns) - targetPerPeriod;
  if (Number.isNaN(dd) || Number.isNaN(m)) return Number.NaN;
  if (dd === 0) return m > 0 ? Number.POSITIVE_INFINITY : Number.NaN;
  return (m / dd) * Math.sqrt(periodsPerYear);
}

/**
 * Calmar ratio: CAGR / max drawdown (drawdown as a positive fraction), over the whole run rather
 * than Young's original trailing 36 months. Without a drawdown: +Infinity if CAGR > 0, else NaN.
 */
export function calmarRatio(cagrValue: number, maxDrawdownFraction: number): number {
  if (Number.isNaN(cagrValue) || Number.isNaN(maxDrawdownFraction)) return Number.NaN;
  if (maxDrawdownFraction === 0) return cagrValue > 0 ? Number.POSITIVE_INFINITY : Number.NaN;
  return cagrValue / maxDrawdownFraction;
}
