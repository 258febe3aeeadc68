/**
 * Marginal and component VaR of a portfolio under the parametric Gaussian model (Euler allocation).
 * VaR(w) = −wᵀμ + z_α·√(wᵀΣw) is homogeneous of degree 1 in w, so the components
 * w_i·∂VaR/∂w_i add up exactly to VaR (Euler's theorem). Weights may be fractions of portfolio value
 * (VaR as a fraction) or money amounts per position (VaR in money); Σ and μ are per period.
 */
import { inverseNormCdf } from '../options';
import { dot, invalidCovariance, matVec, quadraticForm, type Matrix } from './matrix';

/** Per-position decomposition of parametric VaR. */
export interface VarDecomposition {
  readonly confidence: number;
  /** Portfolio VaR (positive loss), in the weights' unit. */
  readonly var: number;
  /** Portfolio σ = √(wᵀΣw). */
  readonly sigma: number;
  /** ∂VaR/∂w_i = −μ_i + z·(Σw)_i/σ: VaR added per unit more of position i. */
  readonly marginal: number[];
  /** w_i·∂VaR/∂w_i; sums to `var`. */
  readonly component: number[];
  /** component_i / var (sums to 1). */
  readonly componentShare: number[];
}

/** Parametric VaR decomposition; `mean` defaults to zero returns. Throws on mismatched dimensions. */
export function parametricVarDecomposition(weights: readonly number[], covariance: Matrix, confidence: number, mean?: readonly number[]): VarDecomposition {
  const reason = invalidCovariance(covariance, weights.length);
  if (reason !== null) throw new RangeError(reason);
  if (mean !== undefined && mean.length !== weights.length) throw new RangeError('mean and weights differ in length');
  const mu = mean ?? weights.map(() => 0);
  const z = inverseNormCdf(confidence);
  const sigmaW = matVec(covariance, weights);
  const sigma = Math.sqrt(Math.max(0, quadraticForm(covariance, weights)));
  const v = -dot(weights, mu) + z * sigma;
  const marginal = weights.map((_, i) => -(mu[i] ?? 0) + (sigma > 0 ? (z * (sigmaW[i] ?? 0)) / sigma : 0));
  const component = marginal.map((m, i) => m * (weights[i] ?? 0));
  return { confidence, var: v, sigma, marginal, component, componentShare: component.map((c) => c / v) };
}
