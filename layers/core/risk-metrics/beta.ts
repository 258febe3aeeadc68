/** Betas of assets and of a portfolio against a benchmark (OLS, via analytics' alphaBeta). */
import { alphaBeta, type AlphaBeta } from '../analytics';

/**
 * Beta of each asset's returns against the benchmark's (same periods, same length):
 * β_i = cov(r_i, r_b) / var(r_b). The risk-free rate is 0 unless given (it cancels in β anyway).
 */
export function assetBetas(series: readonly ArrayLike<number>[], benchmark: ArrayLike<number>, periodsPerYear = 252, riskFreePerPeriod = 0): AlphaBeta[] {
  return series.map((s) => alphaBeta(s, benchmark, periodsPerYear, riskFreePerPeriod));
}

/** Portfolio beta Σ w_i β_i (β is linear in the weights). */
export function portfolioBeta(weights: readonly number[], betas: readonly number[]): number {
  let b = 0;
  for (let i = 0; i < weights.length; i += 1) b += (weights[i] ?? Number.NaN) * (betas[i] ?? Number.NaN);
  return b;
}
