/**
 * Covariance and correlation matrices of several return series, and Ledoit–Wolf shrinkage.
 * Input layout everywhere in this room: `series[i]` is the return series of asset i; all series
 * have the same length and are aligned period by period.
 */
import type { StdDenominator } from '../analytics';
import type { Matrix } from './matrix';

/** Why a set of series cannot give a covariance (null when it can). */
export function invalidSeries(series: readonly ArrayLike<number>[], minLength = 2): string | null {
  if (series.length === 0) return 'no series';
  const n = series[0]?.length ?? 0;
  for (let i = 0; i < series.length; i += 1) {
    const s = series[i] ?? [];
    if (s.length !== n) return `series ${i} has ${s.length} observations, series 0 has ${n}`;
    for (let t = 0; t < n; t += 1) if (!Number.isFinite(s[t] ?? Number.NaN)) return `series ${i} has a non-finite value at ${t}`;
  }
  if (n < minLength) return `need at least ${minLength} observations, got ${n}`;
  return null;
}

function demeaned(series: readonly ArrayLike<number>[]): Float64Array[] {
  return series.map((s) => {
    const n = s.length;
    let m = 0;
    for (let t = 0; t < n; t += 1) m += s[t] ?? Number.NaN;
    m /= n;
    return Float64Array.from({ length: n }, (_, t) => (s[t] ?? Number.NaN) - m);
  });
}

/** Covariance matrix; `sample` (default) divides by n − 1, `population` by n. Throws on ragged or non-finite input. */
export function covarianceMatrix(series: readonly ArrayLike<number>[], denominator: StdDenominator = 'sample'): number[][] {
  const reason = invalidSeries(series);
  if (reason !== null) throw new RangeError(reason);
  const x = demeaned(series);
  const n = x[0]?.length ?? 0;
  const d = denominator === 'sample' ? n - 1 : n;
  const p = x.length;
  const out = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  for (let i = 0; i < p; i += 1) {
    const xi = x[i] as Float64Array;
    for (let j = i; j < p; j += 1) {
      const xj = x[j] as Float64Array;
      let s = 0;
      for (let t = 0; t < n; t += 1) s += (xi[t] ?? 0) * (xj[t] ?? 0);
      (out[i] as number[])[j] = s / d;
      (out[j] as number[])[i] = s / d;
    }
  }
  return out;
}

/** Correlation matrix from a covariance matrix; a zero-variance asset gets NaN off the diagonal and 1 on it. */
export function correlationFromCovariance(cov: Matrix): number[][] {
  const sd = cov.map((row, i) => Math.sqrt(row[i] ?? Number.NaN));
  return cov.map((row, i) =>
    row.map((c, j) => {
      if (i === j) return 1;
      const denom = (sd[i] ?? Number.NaN) * (sd[j] ?? Number.NaN);
      return denom > 0 ? Math.max(-1, Math.min(1, c / denom)) : Number.NaN;
    }),
  );
}

/** Pearson correlation matrix of the series (the denominator cancels). */
export function correlationMatrix(series: readonly ArrayLike<number>[]): number[][] {
  return correlationFromCovariance(covarianceMatrix(series));
}

/** Ledoit–Wolf shrunk covariance and the figures behind it. */
export interface LedoitWolfResult {
  /** Σ̂ = δ·μ·I + (1 − δ)·S. */
  readonly covariance: number[][];
  /** Shrinkage intensity δ ∈ [0, 1]. */
  readonly shrinkage: number;
  /** Target scale μ = tr(S)/p (the target is μ·I). */
  readonly target: number;
  /** The sample covariance S with denominator n (the estimator's own convention). */
  readonly sample: number[][];
}

/**
 * Ledoit & Wolf (2004), "A well-conditioned estimator for large-dimensional covariance matrices",
 * J. Multivariate Analysis 88: shrinkage towards the scaled identity μI. With demeaned observations
 * x_k (k = 1..n), S = (1/n)Σ x_k x_kᵀ, the normalised norm ‖A‖² = tr(AAᵀ)/p, μ = tr(S)/p,
 * d² = ‖S − μI‖², b̄² = (1/n²)Σ_k ‖x_k x_kᵀ − S‖², b² = min(b̄², d²), δ = b²/d².
 * The same estimator as scikit-learn's `ledoit_wolf` (assume_centered = false). S uses denominator n.
 * δ = 0 when S is already a multiple of the identity (d² = 0).
 */
export function ledoitWolf(series: readonly ArrayLike<number>[]): LedoitWolfResult {
  const reason = invalidSeries(series);
  if (reason !== null) throw new RangeError(reason);
  const x = demeaned(series);
  const p = x.length;
  const n = x[0]?.length ?? 0;
  const s = covarianceMatrix(series, 'population');
  let trace = 0;
  for (let i = 0; i < p; i += 1) trace += s[i]?.[i] ?? 0;
  const mu = trace / p;
  let d2 = 0;
  for (let i = 0; i < p; i += 1) for (let j = 0; j < p; j += 1) d2 += ((s[i]?.[j] ?? 0) - (i === j ? mu : 0)) ** 2;
  d2 /= p;
  let bBar2 = 0;
  for (let k = 0; k < n; k += 1) {
    for (let i = 0; i < p; i += 1) {
      const xi = x[i]?.[k] ?? 0;
      for (let j = 0; j < p; j += 1) bBar2 += (xi * (x[j]?.[k] ?? 0) - (s[i]?.[j] ?? 0)) ** 2;
    }
  }
  bBar2 /= p * n * n;
  const b2 = Math.min(bBar2, d2);
  const shrinkage = d2 > 0 ? b2 / d2 : 0;
  const covariance = s.map((row, i) => row.map((v, j) => shrinkage * (i === j ? mu : 0) + (1 - shrinkage) * v));
  return { covariance, shrinkage, target: mu, sample: s };
}
