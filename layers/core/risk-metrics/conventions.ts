/**
 * Conventions shared by every VaR/CVaR routine in this room (stated once, used everywhere):
 *
 * - Input: simple periodic returns r_t as fractions (0.01 = +1 %), or P&L amounts; the result has
 *   the unit of the input (a fraction of value for returns, money for P&L).
 * - Sign: VaR and CVaR are reported as POSITIVE LOSSES. VaR_α = 0.03 means "a loss of 3 % or more
 *   happens with probability at most 1 − α". A negative figure means even the tail is a gain.
 * - Confidence α ∈ (0, 1), e.g. 0.95 or 0.99; the tail probability is p = 1 − α.
 * - Horizon: one period of the input series (daily returns → 1-day VaR). Nothing is scaled by √h
 *   unless a function says so (`scaleToHorizon`, or a Monte Carlo/bootstrap horizon).
 * - Standard deviation: SAMPLE (n − 1) by default; skewness and excess kurtosis are the moment
 *   ratios m3/m2^1.5 and m4/m2² − 3 with population moments (PerformanceAnalytics' default).
 * - CVaR (expected shortfall) is the mean loss in the tail beyond VaR; CVaR ≥ VaR always.
 */

/** The two levels every report shows. */
export const STANDARD_CONFIDENCE_LEVELS = [0.95, 0.99] as const;

/** How a VaR figure was estimated. */
export type VarMethod = 'historical' | 'gaussian' | 'cornish-fisher' | 'monte-carlo' | 'bootstrap';

/** One VaR/CVaR estimate at one confidence level. NaN fields when the input cannot support one. */
export interface VarEstimate {
  readonly method: VarMethod;
  readonly confidence: number;
  /** Value at Risk, a positive loss in the input's unit. */
  readonly var: number;
  /** Conditional VaR / expected shortfall, a positive loss, ≥ var. */
  readonly cvar: number;
  /** Observations (or simulated scenarios) behind the estimate. */
  readonly observations: number;
}

/** True for a usable confidence level (0 < α < 1). */
export const isConfidence = (alpha: number): boolean => Number.isFinite(alpha) && alpha > 0 && alpha < 1;

/** True when every value is finite (and there is at least one). */
export function allFinite(values: ArrayLike<number>): boolean {
  if (values.length === 0) return false;
  for (let i = 0; i < values.length; i += 1) if (!Number.isFinite(values[i] ?? Number.NaN)) return false;
  return true;
}

/**
 * Square-root-of-time scaling of a one-period VaR to h periods: VaR_h = VaR_1 · √h. Valid only for
 * iid zero-mean returns (Gaussian VaR with μ = 0); stated here so callers do not do it silently.
 */
export function scaleToHorizon(onePeriodVar: number, periods: number): number {
  return onePeriodVar * Math.sqrt(periods);
}
