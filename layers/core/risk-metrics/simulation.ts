/**
 * Seeded scenario generators: standard normals (Box–Muller on mulberry32), multivariate normal
 * vectors from a covariance via its Cholesky factor, and stationary-bootstrap paths of history.
 * Deterministic for a given seed on every platform.
 */
import { mulberry32, stationaryBootstrapIndices, type UniformRandom } from '../analytics';
import { cholesky, invalidCovariance, type Matrix } from './matrix';

/** A generator of independent standard normal numbers (Box–Muller; both variates of a pair are used). */
export function standardNormal(random: UniformRandom): () => number {
  let spare = Number.NaN;
  return () => {
    if (!Number.isNaN(spare)) {
      const z = spare;
      spare = Number.NaN;
      return z;
    }
    const u = 1 - random(); // (0, 1]: log is finite
    const v = random();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };
}

/**
 * A sampler of x = μ + L·z, z ~ N(0, I), LLᵀ = Σ: each call fills `out` (length p) with one draw of
 * N(μ, Σ). Σ may be positive semi-definite (zero pivots are skipped). Throws when Σ is not a
 * symmetric PSD p×p matrix.
 */
export function multivariateNormalSampler(mean: readonly number[], covariance: Matrix, seed: number): (out: Float64Array) => void {
  const p = mean.length;
  const reason = invalidCovariance(covariance, p);
  if (reason !== null) throw new RangeError(reason);
  const l = cholesky(covariance);
  if (l === null) throw new RangeError('covariance is not positive semi-definite');
  const flat = Float64Array.from(l.flat());
  const mu = Float64Array.from(mean);
  const z = new Float64Array(p);
  const normal = standardNormal(mulberry32(seed));
  return (out) => {
    for (let i = 0; i < p; i += 1) z[i] = normal();
    for (let i = 0; i < p; i += 1) {
      let s = mu[i] ?? 0;
      const row = i * p;
      for (let k = 0; k <= i; k += 1) s += (flat[row + k] ?? 0) * (z[k] ?? 0);
      out[i] = s;
    }
  };
}

/**
 * h-period compounded returns Π(1 + r_t) − 1 of `scenarios` stationary-bootstrap paths of a return
 * series (Politis & Romano; mean block length 1 = iid resampling). Keeps the fat tails and, with
 * longer blocks, the short-range dependence of history.
 */
export function bootstrapHorizonReturns(
  returns: ArrayLike<number>,
  options: { readonly horizon: number; readonly scenarios: number; readonly seed: number; readonly meanBlockLength?: number },
): Float64Array {
  const n = returns.length;
  const out = new Float64Array(options.scenarios);
  if (n === 0) return out.fill(Number.NaN);
  const random = mulberry32(options.seed);
  const idx = new Int32Array(Math.max(1, Math.floor(options.horizon)));
  for (let s = 0; s < options.scenarios; s += 1) {
    stationaryBootstrapIndices(n, options.meanBlockLength ?? 1, random, idx);
    let growth = 1;
    for (let t = 0; t < idx.length; t += 1) growth *= 1 + (returns[idx[t] ?? 0] ?? Number.NaN);
    out[s] = growth - 1;
  }
  return out;
}
