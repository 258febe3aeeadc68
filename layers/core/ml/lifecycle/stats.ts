/** Small exact and asymptotic tests used by drift detection and promotion (pure, no dependencies). */

/** log Γ(x) for x > 0 (Lanczos, g = 7, n = 9; |error| < 1e-13 on the range used here). */
export function logGamma(x: number): number {
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const z = x - 1;
  let a = c[0] as number;
  const t = z + 7.5;
  for (let i = 1; i < 9; i += 1) a += (c[i] as number) / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** P(X = k) for X ~ Binomial(n, p). */
export function binomialPmf(k: number, n: number, p: number): number {
  if (k < 0 || k > n || !Number.isInteger(k)) return 0;
  if (p <= 0) return k === 0 ? 1 : 0;
  if (p >= 1) return k === n ? 1 : 0;
  return Math.exp(logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1) + k * Math.log(p) + (n - k) * Math.log(1 - p));
}

/** P(X ≤ k) for X ~ Binomial(n, p), summed exactly term by term. */
export function binomialCdf(k: number, n: number, p: number): number {
  if (k < 0) return 0;
  if (k >= n) return 1;
  let s = 0;
  for (let i = 0; i <= k; i += 1) s += binomialPmf(i, n, p);
  return Math.min(1, s);
}

export type Alternative = 'less' | 'greater' | 'two-sided';

/**
 * Exact binomial test of H0: success probability = p0. `less`: P(X ≤ k); `greater`: P(X ≥ k);
 * `two-sided`: sum of the probabilities of outcomes no more likely than k (the R/SciPy convention).
 */
export function binomialTest(successes: number, trials: number, p0: number, alternative: Alternative): number {
  if (!Number.isInteger(successes) || !Number.isInteger(trials) || successes < 0 || successes > trials) throw new RangeError(`binomial test needs 0 ≤ successes ≤ trials, got ${successes}/${trials}`);
  if (!(p0 > 0 && p0 < 1)) throw new RangeError(`p0 must be in (0, 1), got ${p0}`);
  if (trials === 0) return 1;
  if (alternative === 'less') return binomialCdf(successes, trials, p0);
  if (alternative === 'greater') return 1 - binomialCdf(successes - 1, trials, p0);
  const observed = binomialPmf(successes, trials, p0);
  let s = 0;
  for (let i = 0; i <= trials; i += 1) {
    const q = binomialPmf(i, trials, p0);
    if (q <= observed * (1 + 1e-7)) s += q;
  }
  return Math.min(1, s);
}

/** Kolmogorov's survival function Q(λ) = 2 Σ_{k≥1} (−1)^{k−1} e^{−2k²λ²} (Q(λ) = 1 for tiny λ). */
export function kolmogorovQ(lambda: number): number {
  if (lambda < 0.18) return 1; // the series converges poorly there, and Q ≈ 1 − 1e-9
  let s = 0;
  for (let k = 1; k <= 100; k += 1) {
    const term = Math.exp(-2 * k * k * lambda * lambda);
    s += (k % 2 === 1 ? 1 : -1) * term;
    if (term < 1e-16) break;
  }
  return Math.min(1, Math.max(0, 2 * s));
}

/** Ascending copy, NaN rejected. */
export function sortedCopy(xs: ArrayLike<number>, what: string): Float64Array {
  const out = Float64Array.from(xs);
  for (const v of out) if (Number.isNaN(v)) throw new RangeError(`${what} contains NaN`);
  return out.sort();
}
