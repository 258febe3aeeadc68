import { mulberry32 } from '../../../../layers/core/analytics';
import {
  advanceFilter,
  baumWelch,
  fitGaussianHmm,
  forwardFilter,
  randomStartingModel,
  regimeFeatures,
  smoothedPosteriors,
  viterbi,
  type GaussianHmm,
} from '../../../../layers/core/regime';

/** Independent reference densities, written from the textbook formulas (not the module's code). */
const normalPdf = (x: number, mean: number, variance: number): number => Math.exp(-((x - mean) ** 2) / (2 * variance)) / Math.sqrt(2 * Math.PI * variance);
/** Bivariate normal density with covariance [[a, b], [b, d]], via the explicit 2 × 2 inverse. */
const bivariatePdf = (x: readonly number[], mean: readonly number[], cov: readonly (readonly number[])[]): number => {
  const a = cov[0]?.[0] ?? 0;
  const b = cov[0]?.[1] ?? 0;
  const d = cov[1]?.[1] ?? 0;
  const det = a * d - b * b;
  const u = (x[0] ?? 0) - (mean[0] ?? 0);
  const v = (x[1] ?? 0) - (mean[1] ?? 0);
  const quad = (d * u * u - 2 * b * u * v + a * v * v) / det;
  return Math.exp(-0.5 * quad) / (2 * Math.PI * Math.sqrt(det));
};

/** SYNTHETIC: a seeded two-state Markov chain and its Gaussian emissions. */
function twoRegimeSeries(seed: number, length: number, switchProbability: number, emit: (state: number, normal: () => number) => number[]): { states: number[]; observations: number[][] } {
  const random = mulberry32(seed);
  const normal = (): number => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const states: number[] = [];
  const observations: number[][] = [];
  let s = 0;
  for (let t = 0; t < length; t += 1) {
    if (t > 0 && random() < switchProbability) s = 1 - s;
    states.push(s);
    observations.push(emit(s, normal));
  }
  return { states, observations };
}

/** Accuracy after the better of the two label matchings (a fitted state 0 may be the true state 1). */
function matchedAccuracy(truth: readonly number[], path: readonly number[]): number {
  const same = path.filter((p, i) => p === truth[i]).length / truth.length;
  return Math.max(same, 1 - same);
}

const model2x1: GaussianHmm = {
  covarianceType: 'diagonal',
  initial: [0.6, 0.4],
  transition: [
    [0.7, 0.3],
    [0.2, 0.8],
  ],
  means: [[0], [1]],
  covariances: [[[1]], [[4]]],
};

const model3x2: GaussianHmm = {
  covarianceType: 'full',
  initial: [0.5, 0.3, 0.2],
  transition: [
    [0.8, 0.15, 0.05],
    [0.1, 0.7, 0.2],
    [0.3, 0.3, 0.4],
  ],
  means: [
    [0, 0],
    [1, -1],
    [-0.5, 2],
  ],
  covariances: [
    [
      [1, 0.3],
      [0.3, 0.5],
    ],
    [
      [2, -0.6],
      [-0.6, 1],
    ],
    [
      [0.4, 0.1],
      [0.1, 3],
    ],
  ],
};

describe('Gaussian HMM: forward likelihood', () => {
  it('equals the hand computation for known parameters (2 states, 1 feature, 2 observations)', () => {
    const x = [0.5, 2];
    const b = (k: number, v: number): number => normalPdf(v, k === 0 ? 0 : 1, k === 0 ? 1 : 4);
    // p(x0, x1) = Σ_{s0, s1} π(s0) b_s0(x0) A(s0, s1) b_s1(x1), written out term by term.
    const byHand =
      0.6 * b(0, 0.5) * 0.7 * b(0, 2) + 0.6 * b(0, 0.5) * 0.3 * b(1, 2) + 0.4 * b(1, 0.5) * 0.2 * b(0, 2) + 0.4 * b(1, 0.5) * 0.8 * b(1, 2);
    const result = forwardFilter(model2x1, x.map((v) => [v]));
    expect(result.logLikelihood).toBeCloseTo(Math.log(byHand), 12);
    // The filtered distribution at t = 0 is Bayes' rule on π.
    const p0 = (0.6 * b(0, 0.5)) / (0.6 * b(0, 0.5) + 0.4 * b(1, 0.5));
    expect(result.filtered[0]?.[0]).toBeCloseTo(p0, 14);
    expect(result.stepLogLikelihoods.reduce((a, c) => a + c, 0)).toBeCloseTo(result.logLikelihood, 12);
  });

  it('equals the sum over all 3^5 state paths of a full-covariance model (brute force)', () => {
    const obs = [
      [0.2, 0.1],
      [1.1, -0.7],
      [-0.4, 2.5],
      [0.0, 0.3],
      [1.5, -1.2],
    ];
    let total = 0;
    for (let code = 0; code < 3 ** obs.length; code += 1) {
      const path = Array.from({ length: obs.length }, (_, t) => Math.floor(code / 3 ** t) % 3);
      let p = 1;
      path.forEach((s, t) => {
        p *= (t === 0 ? model3x2.initial[s] : model3x2.transition[path[t - 1] ?? 0]?.[s]) ?? 0;
        p *= bivariatePdf(obs[t] ?? [], model3x2.means[s] ?? [], model3x2.covariances[s] ?? []);
      });
      total += p;
    }
    expect(forwardFilter(model3x2, obs).logLikelihood).toBeCloseTo(Math.log(total), 11);
  });

  it('does not underflow on a long series (scaled recursion): 5 000 observations give a finite likelihood', () => {
    const { observations } = twoRegimeSeries(3, 5000, 0.02, (s, n) => [s === 0 ? n() : 1 + 2 * n()]);
    const r = forwardFilter(model2x1, observations);
    expect(Number.isFinite(r.logLikelihood)).toBe(true);
    expect(r.logLikelihood).toBeLessThan(-5000);
    for (const row of [r.filtered[0], r.filtered[4999]]) expect((row?.[0] ?? 0) + (row?.[1] ?? 0)).toBeCloseTo(1, 12);
  });

  it('a diagonal model and the full model with the same diagonal covariances agree', () => {
    const obs = [[0.3], [1.9], [-0.2], [3.3]];
    expect(forwardFilter({ ...model2x1, covarianceType: 'full' }, obs).logLikelihood).toBeCloseTo(forwardFilter(model2x1, obs).logLikelihood, 12);
  });
});

describe('Gaussian HMM: forward filtering has no lookahead', () => {
  const { observations } = twoRegimeSeries(11, 120, 0.05, (s, n) => (s === 0 ? [0.1 * n(), 0.2 + 0.3 * n()] : [-0.3 + 0.5 * n(), 1 + 0.4 * n()]));
  const full = forwardFilter(model3x2, observations);

  it.each([0, 1, 17, 59, 119])('the filtered distribution at t = %i is identical with the series truncated after t', (t) => {
    const truncated = forwardFilter(model3x2, observations.slice(0, t + 1));
    expect(truncated.filtered[t]).toEqual(full.filtered[t]);
    expect(truncated.stepLogLikelihoods[t]).toBe(full.stepLogLikelihoods[t]);
  });

  it('the streaming filter (one observation at a time) reproduces the batch filter bit for bit', () => {
    let previous: number[] | undefined;
    observations.forEach((x, t) => {
      const step = advanceFilter(model3x2, previous, x);
      expect(step.probabilities).toEqual(full.filtered[t]);
      previous = step.probabilities;
    });
  });

  it('smoothed posteriors (which do look ahead) differ from the filter but agree at the last step', () => {
    const smooth = smoothedPosteriors(model3x2, observations);
    expect(smooth.logLikelihood).toBeCloseTo(full.logLikelihood, 9);
    const last = observations.length - 1;
    smooth.posteriors[last]?.forEach((p, k) => expect(p).toBeCloseTo(full.filtered[last]?.[k] ?? Number.NaN, 10));
    const differs = smooth.posteriors.some((row, t) => row.some((p, k) => Math.abs(p - (full.filtered[t]?.[k] ?? 0)) > 1e-3));
    expect(differs).toBe(true);
    smooth.posteriors.forEach((row) => expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12));
  });
});

describe('Gaussian HMM: Viterbi', () => {
  it('finds the brute-force most probable path of a tiny case (3 states, 6 observations, 729 paths)', () => {
    const obs = [
      [0.1, 0.0],
      [0.9, -0.8],
      [1.2, -1.1],
      [-0.6, 2.2],
      [-0.3, 1.8],
      [0.2, 0.2],
    ];
    let best = Number.NEGATIVE_INFINITY;
    let bestPath: number[] = [];
    for (let code = 0; code < 3 ** obs.length; code += 1) {
      const path = Array.from({ length: obs.length }, (_, t) => Math.floor(code / 3 ** t) % 3);
      let logP = 0;
      path.forEach((s, t) => {
        logP += Math.log((t === 0 ? model3x2.initial[s] : model3x2.transition[path[t - 1] ?? 0]?.[s]) ?? 0);
        logP += Math.log(bivariatePdf(obs[t] ?? [], model3x2.means[s] ?? [], model3x2.covariances[s] ?? []));
      });
      if (logP > best) {
        best = logP;
        bestPath = path;
      }
    }
    const v = viterbi(model3x2, obs);
    expect(v.path).toEqual(bestPath);
    expect(v.logProbability).toBeCloseTo(best, 10);
  });
});

describe('Gaussian HMM: Baum-Welch', () => {
  // SYNTHETIC: quiet regime (+0.05 %/day, 0.8 % sd) and volatile regime (−0.1 %/day, 2 % sd), sticky.
  const returnsOnly = twoRegimeSeries(2024, 1200, 0.02, (s, n) => [s === 0 ? 0.0005 + 0.008 * n() : -0.001 + 0.02 * n()]);

  it.each(['diagonal', 'full'] as const)('the log-likelihood never decreases across iterations (%s covariance)', (covarianceType) => {
    const { observations } = twoRegimeSeries(5, 600, 0.03, (s, n) => (s === 0 ? [0.0005 + 0.008 * n(), -2 + 0.3 * n()] : [-0.001 + 0.02 * n(), -1.4 + 0.3 * n()]));
    for (const seed of [1, 2, 3]) {
      const start = randomStartingModel(observations, 3, covarianceType, mulberry32(seed));
      const r = baumWelch(start, observations, { maxIterations: 60, tolerance: 0 });
      expect(r.history.length).toBeGreaterThan(10);
      for (let i = 1; i < r.history.length; i += 1) expect(r.history[i] ?? Number.NaN).toBeGreaterThanOrEqual((r.history[i - 1] ?? Number.NaN) - 1e-9 * Math.abs(r.history[i - 1] ?? 1));
      expect(r.logLikelihood).toBe(r.history[r.history.length - 1]);
      expect(r.logLikelihood).toBeCloseTo(forwardFilter(r.model, observations).logLikelihood, 8);
    }
  });

  it('recovers the states of a synthetic two-regime return series (≥ 90 % after label matching; seeded)', () => {
    const fit = fitGaussianHmm(returnsOnly.observations, { states: 2, covarianceType: 'diagonal', restarts: 5, seed: 7 });
    const accuracy = matchedAccuracy(returnsOnly.states, viterbi(fit.model, returnsOnly.observations).path);
    // Measured: 0.9675 (1 161 of 1 200 days); the calmest state is state 0 by construction.
    expect(accuracy).toBeGreaterThanOrEqual(0.9);
    expect(accuracy).toBeCloseTo(0.9675, 4);
    // The generating volatilities within 10 % (measured 0.00747 and see below; sampling noise on ~700 days each).
    const sd = [0, 1].map((k) => Math.sqrt(fit.model.covariances[k]?.[0]?.[0] ?? 0));
    expect(Math.abs((sd[0] ?? 0) / 0.008 - 1)).toBeLessThan(0.1);
    expect(Math.abs((sd[1] ?? 0) / 0.02 - 1)).toBeLessThan(0.1);
    expect(fit.model.transition[0]?.[0]).toBeGreaterThan(0.95);
    // The causal filter's most probable state is almost as good as the hindsight Viterbi path.
    const filtered = forwardFilter(fit.model, returnsOnly.observations).filtered.map((p) => ((p[1] ?? 0) > 0.5 ? 1 : 0));
    expect(matchedAccuracy(returnsOnly.states, filtered)).toBeGreaterThanOrEqual(0.9);
  });

  it('recovers the regimes of a synthetic price path from the return + realised-volatility features', () => {
    // SYNTHETIC prices from the same kind of regime returns; regimes last ~100 days.
    const { states, observations } = twoRegimeSeries(99, 1500, 0.01, (s, n) => [s === 0 ? 0.0005 + 0.007 * n() : -0.001 + 0.022 * n()]);
    const closes = [100];
    for (const [r] of observations) closes.push((closes[closes.length - 1] ?? 100) * Math.exp(r ?? 0));
    const features = regimeFeatures(closes, { volatilityWindow: 10 });
    const truth = states.slice(features.firstIndex - 1); // return t of `observations` is bar t + 1
    const fit = fitGaussianHmm(features.observations, { states: 2, covarianceType: 'full', restarts: 5, seed: 3 });
    const accuracy = matchedAccuracy(truth, viterbi(fit.model, features.observations).path);
    // Measured: 0.9443 (1 408 of 1 491 days); the 10-day window lags each switch by a few days, which costs most of the rest.
    expect(accuracy).toBeGreaterThanOrEqual(0.9);
    expect(accuracy).toBeCloseTo(0.9443, 4);
  });

  it('is deterministic for a seed and keeps the best restart', () => {
    const a = fitGaussianHmm(returnsOnly.observations, { states: 2, covarianceType: 'diagonal', restarts: 3, seed: 11 });
    const b = fitGaussianHmm(returnsOnly.observations, { states: 2, covarianceType: 'diagonal', restarts: 3, seed: 11 });
    expect(a.model).toEqual(b.model);
    expect(a.logLikelihood).toBe(Math.max(...a.restarts.map((r) => r.logLikelihood)));
    expect(a.restarts[a.best]?.logLikelihood).toBe(a.logLikelihood);
  });

  it('rejects malformed input', () => {
    expect(() => forwardFilter(model2x1, [[1, 2]])).toThrow(RangeError);
    expect(() => forwardFilter(model2x1, [[Number.NaN]])).toThrow(RangeError);
    expect(() => forwardFilter({ ...model2x1, covariances: [[[1]], [[-1]]] }, [[0]])).toThrow(RangeError);
    expect(() => fitGaussianHmm([[1], [2]], { states: 3 })).toThrow(RangeError);
  });
});
