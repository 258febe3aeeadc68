/**
 * Parametric VaR/CVaR: Gaussian, and Cornish–Fisher (the Gaussian quantile corrected for skewness
 * and excess kurtosis). Conventions: ./conventions (positive losses, one period, sample σ).
 */
import { mean, standardDeviation } from '../analytics';
import { inverseNormCdf, normCdf, normPdf } from '../options';
import { allFinite, isConfidence, type VarEstimate } from './conventions';
import { excessKurtosis, skewness } from './moments';

/** Location and scale of one-period returns (and, for Cornish–Fisher, the shape). */
export interface ReturnMoments {
  /** Mean return per period μ (use 0 for a zero-mean VaR). */
  readonly mean: number;
  /** Standard deviation per period σ. */
  readonly sd: number;
  /** Skewness (moment ratio); 0 for the Gaussian. */
  readonly skew?: number;
  /** EXCESS kurtosis; 0 for the Gaussian. */
  readonly excessKurtosis?: number;
}

/** Options of the sample-based parametric estimators. */
export interface ParametricOptions {
  /** Treat the mean return as 0 (common for short horizons). Default false: μ is the sample mean. */
  readonly zeroMean?: boolean;
}

/** Sample moments of a return series: sample mean, sample σ (n − 1), moment-ratio skew and excess kurtosis. */
export function sampleMoments(returns: ArrayLike<number>, options: ParametricOptions = {}): ReturnMoments {
  return {
    mean: options.zeroMean === true ? 0 : mean(returns),
    sd: standardDeviation(returns, 'sample'),
    skew: skewness(returns),
    excessKurtosis: excessKurtosis(returns),
  };
}

/** Gaussian VaR_α = −μ + σ·z_α and CVaR_α = −μ + σ·φ(z_α)/(1 − α), z_α = Φ⁻¹(α). */
export function gaussianVarFromMoments(m: ReturnMoments, confidence: number, observations = Number.NaN): VarEstimate {
  const base = { method: 'gaussian' as const, confidence, observations };
  if (!isConfidence(confidence) || !Number.isFinite(m.mean) || !(m.sd >= 0)) return { ...base, var: Number.NaN, cvar: Number.NaN };
  const z = inverseNormCdf(confidence);
  return { ...base, var: -m.mean + m.sd * z, cvar: -m.mean + (m.sd * normPdf(z)) / (1 - confidence) };
}

/** Gaussian VaR/CVaR of a return series (sample mean unless zeroMean, sample σ). */
export function gaussianVar(returns: ArrayLike<number>, confidence: number, options: ParametricOptions = {}): VarEstimate {
  if (!allFinite(returns) || returns.length < 2) return { method: 'gaussian', confidence, observations: returns.length, var: Number.NaN, cvar: Number.NaN };
  return gaussianVarFromMoments(sampleMoments(returns, options), confidence, returns.length);
}

/**
 * Cornish–Fisher quantile of the standardised distribution at probability u (second order):
 * z_cf = z + (z² − 1)S/6 + (z³ − 3z)K/24 − (2z³ − 5z)S²/36, z = Φ⁻¹(u), K = excess kurtosis.
 */
export function cornishFisherQuantile(u: number, skew: number, exKurt: number): number {
  const z = inverseNormCdf(u);
  return z + ((z * z - 1) * skew) / 6 + ((z * z * z - 3 * z) * exKurt) / 24 - ((2 * z * z * z - 5 * z) * skew * skew) / 36;
}

/**
 * Partial moments J_m(g) = ∫_{−∞}^{g} x^m φ(x) dx for m = 0..7, by J_0 = Φ(g), J_1 = −φ(g),
 * J_m = −g^{m−1}φ(g) + (m − 1)J_{m−2} (integration by parts).
 */
export function normalPartialMoments(g: number): number[] {
  const phi = normPdf(g);
  const j = [normCdf(g), -phi];
  for (let m = 2; m <= 7; m += 1) j.push(-Math.pow(g, m - 1) * phi + (m - 1) * (j[m - 2] ?? Number.NaN));
  return j;
}

/** A Cornish–Fisher estimate also says whether its CVaR had to be lifted to its VaR. */
export interface CornishFisherEstimate extends VarEstimate {
  /**
   * True when the Edgeworth expected shortfall came out below the Cornish–Fisher VaR (possible for
   * strong skew/kurtosis, where the expansion is no longer a valid density) and CVaR was set to VaR.
   */
  readonly cvarClampedToVar: boolean;
}

/**
 * Cornish–Fisher ("modified") VaR: −(μ + σ·z_cf(1 − α)). CVaR is the modified ES of Boudt,
 * Peterson & Croux (2008): the tail mean below z_cf under the second-order Edgeworth density
 * φ(x)[1 + S/6·He3(x) + K/24·He4(x) + S²/72·He6(x)], divided by the nominal tail probability p:
 * ES_z = (1/p)[J1 + S/6(J4 − 3J2) + K/24(J5 − 6J3 + 3J1) + S²/72(J7 − 15J5 + 45J3 − 15J1)] at g = z_cf,
 * CVaR = −(μ + σ·ES_z). With S = K = 0 both equal the Gaussian figures.
 */
export function cornishFisherVarFromMoments(m: ReturnMoments, confidence: number, observations = Number.NaN): CornishFisherEstimate {
  const base = { method: 'cornish-fisher' as const, confidence, observations };
  const s = m.skew ?? 0;
  const k = m.excessKurtosis ?? 0;
  if (!isConfidence(confidence) || !Number.isFinite(m.mean) || !(m.sd >= 0) || !Number.isFinite(s) || !Number.isFinite(k)) {
    return { ...base, var: Number.NaN, cvar: Number.NaN, cvarClampedToVar: false };
  }
  const p = 1 - confidence;
  const g = cornishFisherQuantile(p, s, k);
  const partial = normalPartialMoments(g);
  const j = (i: number): number => partial[i] ?? Number.NaN;
  const tailMean = (j(1) + (s / 6) * (j(4) - 3 * j(2)) + (k / 24) * (j(5) - 6 * j(3) + 3 * j(1)) + ((s * s) / 72) * (j(7) - 15 * j(5) + 45 * j(3) - 15 * j(1))) / p;
  const v = -(m.mean + m.sd * g);
  const es = -(m.mean + m.sd * tailMean);
  return { ...base, var: v, cvar: Math.max(es, v), cvarClampedToVar: es < v };
}

/** Cornish–Fisher VaR/CVaR of a return series (sample mean unless zeroMean, sample σ, moment-ratio S and K). */
export function cornishFisherVar(returns: ArrayLike<number>, confidence: number, options: ParametricOptions = {}): CornishFisherEstimate {
  if (!allFinite(returns) || returns.length < 3) {
    return { method: 'cornish-fisher', confidence, observations: returns.length, var: Number.NaN, cvar: Number.NaN, cvarClampedToVar: false };
  }
  return cornishFisherVarFromMoments(sampleMoments(returns, options), confidence, returns.length);
}
