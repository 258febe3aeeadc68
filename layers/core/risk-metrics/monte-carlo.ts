/**
 * Monte Carlo VaR/CVaR of a linear portfolio (multivariate normal asset returns) and bootstrap
 * VaR/CVaR of a return series over a horizon. The simulated sample is read with the historical
 * estimator (./historical: k-th worst of n scenarios, k = ⌈n(1 − α)⌉). Seeded and deterministic.
 */
import type { Matrix } from './matrix';
import { historicalVarSorted } from './historical';
import { bootstrapHorizonReturns, multivariateNormalSampler } from './simulation';
import { isConfidence, type VarEstimate } from './conventions';

/** Simulation size and seed. */
export interface SimulationOptions {
  /** Number of simulated scenarios; the 99 % tail then holds ⌈0.01·n⌉ of them. */
  readonly scenarios: number;
  readonly seed: number;
}

function estimatesFrom(sample: Float64Array, confidences: readonly number[], method: 'monte-carlo' | 'bootstrap'): VarEstimate[] {
  sample.sort();
  return confidences.map((confidence) => ({ method, confidence, observations: sample.length, ...historicalVarSorted(sample, confidence) }));
}

/**
 * Monte Carlo VaR/CVaR of Σ w_i r_i with r ~ N(μ, Σ) (one period of Σ's frequency). Weights as
 * fractions give VaR as a fraction; money weights give VaR in money. μ defaults to zeros.
 */
export function monteCarloVar(
  weights: readonly number[],
  covariance: Matrix,
  confidences: readonly number[],
  options: SimulationOptions & { readonly mean?: readonly number[] },
): VarEstimate[] {
  if (!confidences.every(isConfidence)) throw new RangeError('confidence levels must lie in (0, 1)');
  const draw = multivariateNormalSampler(options.mean ?? weights.map(() => 0), covariance, options.seed);
  const x = new Float64Array(weights.length);
  const pnl = new Float64Array(options.scenarios);
  for (let s = 0; s < options.scenarios; s += 1) {
    draw(x);
    let v = 0;
    for (let i = 0; i < weights.length; i += 1) v += (weights[i] ?? 0) * (x[i] ?? 0);
    pnl[s] = v;
  }
  return estimatesFrom(pnl, confidences, 'monte-carlo');
}

/**
 * Bootstrap VaR/CVaR over `horizon` periods: compounded returns of stationary-bootstrap paths of
 * the series (no normality, no √h scaling).
 */
export function bootstrapVar(
  returns: ArrayLike<number>,
  confidences: readonly number[],
  options: SimulationOptions & { readonly horizon: number; readonly meanBlockLength?: number },
): VarEstimate[] {
  if (!confidences.every(isConfidence)) throw new RangeError('confidence levels must lie in (0, 1)');
  return estimatesFrom(bootstrapHorizonReturns(returns, options), confidences, 'bootstrap');
}
