/**
 * Small dense linear algebra for the Gaussian emissions: Cholesky factors, log-densities. Matrices are
 * row-major Float64Arrays of size d × d; d is the feature count (2 for returns and volatility), so
 * nothing here needs to be clever.
 */

const LOG_2PI = Math.log(2 * Math.PI);

/**
 * Lower Cholesky factor L (A = L Lᵀ) of a symmetric d × d matrix, or undefined when A is not
 * positive definite (a pivot ≤ 0 or not finite).
 */
export function cholesky(a: Float64Array, d: number): Float64Array | undefined {
  const l = new Float64Array(d * d);
  for (let i = 0; i < d; i += 1) {
    for (let j = 0; j <= i; j += 1) {
      let sum = a[i * d + j] ?? 0;
      for (let k = 0; k < j; k += 1) sum -= (l[i * d + k] ?? 0) * (l[j * d + k] ?? 0);
      if (i === j) {
        if (!(sum > 0) || !Number.isFinite(sum)) return undefined;
        l[i * d + i] = Math.sqrt(sum);
      } else {
        l[i * d + j] = sum / (l[j * d + j] ?? 1);
      }
    }
  }
  return l;
}

/** A multivariate normal prepared for repeated log-density evaluation. */
export interface PreparedGaussian {
  readonly dimension: number;
  readonly mean: Float64Array;
  /** Diagonal: 1/σ²; full: the Cholesky factor of Σ. */
  readonly factor: Float64Array;
  readonly diagonal: boolean;
  /** −½ (d log 2π + log det Σ). */
  readonly logNormaliser: number;
}

/**
 * Prepares N(mean, cov). `cov` is d × d row-major; with `diagonal` only its diagonal is read.
 * Throws RangeError when the covariance is not positive definite.
 */
export function prepareGaussian(mean: Float64Array, cov: Float64Array, d: number, diagonal: boolean): PreparedGaussian {
  if (diagonal) {
    const inv = new Float64Array(d);
    let logDet = 0;
    for (let i = 0; i < d; i += 1) {
      const v = cov[i * d + i] ?? 0;
      if (!(v > 0) || !Number.isFinite(v)) throw new RangeError(`variance ${v} of feature ${i} is not positive`);
      inv[i] = 1 / v;
      logDet += Math.log(v);
    }
    return { dimension: d, mean, factor: inv, diagonal: true, logNormaliser: -0.5 * (d * LOG_2PI + logDet) };
  }
  const l = cholesky(cov, d);
  if (l === undefined) throw new RangeError('covariance matrix is not positive definite');
  let logDet = 0;
  for (let i = 0; i < d; i += 1) logDet += 2 * Math.log(l[i * d + i] ?? 1);
  return { dimension: d, mean, factor: l, diagonal: false, logNormaliser: -0.5 * (d * LOG_2PI + logDet) };
}

/** log N(x; μ, Σ) for x = data[offset .. offset + d). */
export function gaussianLogDensity(g: PreparedGaussian, data: Float64Array, offset: number): number {
  const d = g.dimension;
  let quad = 0;
  if (g.diagonal) {
    for (let i = 0; i < d; i += 1) {
      const z = (data[offset + i] ?? 0) - (g.mean[i] ?? 0);
      quad += z * z * (g.factor[i] ?? 0);
    }
  } else {
    // Solve L z = x − μ by forward substitution; quad = |z|². d is tiny: a stack array is enough.
    const z = new Float64Array(d);
    for (let i = 0; i < d; i += 1) {
      let s = (data[offset + i] ?? 0) - (g.mean[i] ?? 0);
      for (let k = 0; k < i; k += 1) s -= (g.factor[i * d + k] ?? 0) * (z[k] ?? 0);
      const zi = s / (g.factor[i * d + i] ?? 1);
      z[i] = zi;
      quad += zi * zi;
    }
  }
  return g.logNormaliser - 0.5 * quad;
}
