/** CAPM alpha and beta of strategy returns against a benchmark, by ordinary least squares. */

import { covariance, mean } from './stats';

/** OLS regression of excess strategy returns on excess benchmark returns. */
export interface AlphaBeta {
  /** Slope: cov(s, b) / var(b) on excess returns. NaN when the benchmark has zero variance or too few points. */
  readonly beta: number;
  /** Intercept per period: mean(s − rf) − β · mean(b − rf). */
  readonly alphaPerPeriod: number;
  /** Annualised alpha, ARITHMETIC: alphaPerPeriod · periodsPerYear (empyrical compounds instead: (1 + α)^N − 1). */
  readonly alpha: number;
  /** Pearson correlation of the two excess series. */
  readonly correlation: number;
  /** R² of the regression (correlation squared). */
  readonly rSquared: number;
  readonly observations: number;
}

/**
 * Regresses (s_t − rf) = α + β (b_t − rf) + ε_t. The series must be aligned period by period and
 * of equal length; otherwise every field is NaN (observations reports the strategy length).
 * Covariance and variance share one denominator, so β does not depend on n − 1 vs n.
 */
export function alphaBeta(
  strategyReturns: ArrayLike<number>,
  benchmarkReturns: ArrayLike<number>,
  periodsPerYear: number,
  riskFreePerPeriod = 0,
): AlphaBeta {
  const n = strategyReturns.length;
  const nan = { beta: Number.NaN, alphaPerPeriod: Number.NaN, alpha: Number.NaN, correlation: Number.NaN, rSquared: Number.NaN, observations: n };
  if (n !== benchmarkReturns.length || n < 2) return nan;
  const s = new Float64Array(n);
  const b = new Float64Array(n);
  for (let i = 0; i < n; i += 1) {
    s[i] = (strategyReturns[i] ?? Number.NaN) - riskFreePerPeriod;
    b[i] = (benchmarkReturns[i] ?? Number.NaN) - riskFreePerPeriod;
  }
  const varB = covariance(b, b);
  const varS = covariance(s, s);
  const cov = covariance(s, b);
  if (!(varB > 0)) return nan;
  const beta = cov / varB;
  const alphaPerPeriod = mean(s) - beta * mean(b);
  const correlation = varS > 0 ? cov / Math.sqrt(varB * varS) : Number.NaN;
  return { beta, alphaPerPeriod, alpha: alphaPerPeriod * periodsPerYear, correlation, rSquared: correlation * correlation, observations: n };
}
