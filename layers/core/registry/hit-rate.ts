/**
 * Is a live strategy's hit rate below a threshold? The one-sided exact binomial test:
 * H0: p ≥ p0 against H1: p < p0, with k hits in n directional calls. The p-value is P(X ≤ k) for
 * X ~ Binomial(n, p0); the rate is "below" when n ≥ minTrials and the p-value < alpha.
 *
 * Why a test and not "hit rate < threshold": with 20 calls a strategy with a true 55 % edge shows a
 * sample hit rate under 50 % about a quarter of the time; demoting on the raw rate would churn.
 */

/** Settings of the demotion test. */
export interface HitRatePolicy {
  /**
   * p0: the hit rate a live strategy must not be credibly below. Default 0.5: demote when the strategy is
   * significantly worse than a coin. The seed's "switch if accuracy drops below 95 %" is
   * SEED_HIT_RATE_THRESHOLD; with it every realistic strategy is demoted after a few dozen calls.
   */
  readonly threshold: number;
  /** One-sided significance level. Default 0.05. */
  readonly alpha: number;
  /** Fewer calls than this: no verdict (never demoted). Default 30. */
  readonly minTrials: number;
  /** Only the most recent `window` calls are tested. Default 100. */
  readonly window: number;
}

/** The seed's aspiration (95 % accuracy), available as a setting; not the default. */
export const SEED_HIT_RATE_THRESHOLD = 0.95;

export const DEFAULT_HIT_RATE_POLICY: HitRatePolicy = { threshold: 0.5, alpha: 0.05, minTrials: 30, window: 100 };

/** The test's result, recorded as demotion evidence. */
export interface HitRateTest {
  readonly hits: number;
  readonly trials: number;
  readonly hitRate: number;
  readonly threshold: number;
  readonly alpha: number;
  readonly minTrials: number;
  /** P(X ≤ hits | trials, threshold); NaN when trials < minTrials (no verdict). */
  readonly pValue: number;
  readonly belowThreshold: boolean;
}

/** P(X ≤ k) for X ~ Binomial(n, p), summed in log space (exact up to floating point; fine for n in the thousands). */
export function binomialCdf(k: number, n: number, p: number): number {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be a non-negative integer, got ${n}`);
  if (!(p >= 0 && p <= 1)) throw new RangeError(`p must be in [0, 1], got ${p}`);
  if (k < 0) return 0;
  if (k >= n) return 1;
  const kk = Math.floor(k);
  const lnP = Math.log(p);
  const lnQ = Math.log1p(-p);
  const terms: number[] = [];
  let lnChoose = 0; // ln C(n, 0)
  for (let i = 0; i <= kk; i++) {
    if (i > 0) lnChoose += Math.log(n - i + 1) - Math.log(i);
    // 0 · ln 0 is 0 here (a term with no hits or no misses does not involve that probability).
    terms.push(lnChoose + (i === 0 ? 0 : i * lnP) + (n - i === 0 ? 0 : (n - i) * lnQ));
  }
  const max = Math.max(...terms);
  if (max === -Infinity) return 0;
  let sum = 0;
  for (const t of terms) sum += Math.exp(t - max);
  return Math.min(1, sum * Math.exp(max));
}

/** Tests the most recent `policy.window` outcomes (true = the call's direction was right). */
export function testHitRate(outcomes: readonly boolean[], policy: HitRatePolicy = DEFAULT_HIT_RATE_POLICY): HitRateTest {
  const { threshold, alpha, minTrials, window } = policy;
  if (!(threshold > 0 && threshold < 1)) throw new RangeError(`hit-rate threshold must be in (0, 1), got ${threshold}`);
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`alpha must be in (0, 1), got ${alpha}`);
  const recent = outcomes.slice(Math.max(0, outcomes.length - Math.max(1, Math.floor(window))));
  const trials = recent.length;
  const hits = recent.filter(Boolean).length;
  const hitRate = trials === 0 ? Number.NaN : hits / trials;
  if (trials < minTrials) return { hits, trials, hitRate, threshold, alpha, minTrials, pValue: Number.NaN, belowThreshold: false };
  const pValue = binomialCdf(hits, trials, threshold);
  return { hits, trials, hitRate, threshold, alpha, minTrials, pValue, belowThreshold: pValue < alpha };
}
