/**
 * Historical-simulation VaR and CVaR.
 *
 * Quantile convention (stated and tested): the LOWER EMPIRICAL QUANTILE of returns (Hyndman & Fan
 * type 1) at tail probability p = 1 − α. With returns sorted ascending r_(1) ≤ … ≤ r_(n),
 * k = max(1, ⌈n·p⌉) and VaR_α = −r_(k): the k-th worst return, no interpolation. This is Hull's
 * convention ("500 scenarios, 99 % VaR = the 5th worst loss"; Hull, Risk Management and Financial
 * Institutions, ch. 13) and is at least as conservative as the loss-quantile inf{l : F_L(l) ≥ α},
 * which would take the (k+1)-th worst when n·p is an integer.
 *
 * CVaR_α = the mean of the k worst losses (those at or beyond VaR), so CVaR ≥ VaR.
 */
import { allFinite, isConfidence, type VarEstimate } from './conventions';

/** Float tolerance so that e.g. 500 · (1 − 0.99) = 5.000000000000004 counts as 5. */
const COUNT_EPSILON = 1e-9;

/** Number of tail observations k = max(1, ⌈n(1 − α)⌉) used by the historical estimator. */
export function historicalTailCount(observations: number, confidence: number): number {
  return Math.max(1, Math.ceil(observations * (1 - confidence) - COUNT_EPSILON));
}

/** Historical VaR/CVaR of returns (or P&L) at one confidence level; NaN on empty or non-finite input. */
export function historicalVar(returns: ArrayLike<number>, confidence: number): VarEstimate {
  const n = returns.length;
  const base = { method: 'historical' as const, confidence, observations: n };
  if (!isConfidence(confidence) || !allFinite(returns)) return { ...base, var: Number.NaN, cvar: Number.NaN };
  const sorted = Float64Array.from({ length: n }, (_, i) => returns[i] ?? Number.NaN).sort();
  return { ...base, ...historicalVarSorted(sorted, confidence) };
}

/** VaR and CVaR from returns already sorted ascending (used by the simulation estimators). */
export function historicalVarSorted(sorted: ArrayLike<number>, confidence: number): { readonly var: number; readonly cvar: number } {
  const n = sorted.length;
  if (n === 0 || !isConfidence(confidence)) return { var: Number.NaN, cvar: Number.NaN };
  const k = historicalTailCount(n, confidence);
  let tail = 0;
  for (let i = 0; i < k; i += 1) tail += sorted[i] ?? Number.NaN;
  return { var: -(sorted[k - 1] ?? Number.NaN), cvar: -tail / k };
}
