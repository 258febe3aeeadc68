/**
 * A Gaussian hidden Markov model: K hidden states, each emitting a d-dimensional normal vector
 * (diagonal or full covariance), a first-order Markov chain between states.
 *
 * Numerics: emissions are evaluated in log space; the forward/backward recursions are the scaled
 * (Rabiner) form where each step's emission row is shifted by its maximum log-density before
 * exponentiating, and the per-step normaliser c_t (and the shift) are accumulated in log space, so
 * no probability underflows however long the series. Viterbi runs entirely in log space.
 *
 * Causality: `forwardFilter` and `advanceFilter` use observations up to t only (the live path);
 * `smoothedPosteriors`, `viterbi` and Baum-Welch use the whole series (offline, hindsight).
 */
import { mulberry32, type UniformRandom } from '../analytics/random';
import { gaussianLogDensity, prepareGaussian, type PreparedGaussian } from './linear';

export type CovarianceType = 'diagonal' | 'full';

/** Observations: one row of d features per time step, oldest first. */
export type Observations = readonly (readonly number[])[];

/** A Gaussian HMM's parameters (plain JSON: it can be stored and shipped to a Lambda). */
export interface GaussianHmm {
  readonly covarianceType: CovarianceType;
  /** π: the state distribution at the first observation (K). */
  readonly initial: readonly number[];
  /** A[i][j] = P(state j at t+1 | state i at t); rows sum to 1 (K × K). */
  readonly transition: readonly (readonly number[])[];
  /** Emission means (K × d). */
  readonly means: readonly (readonly number[])[];
  /** Emission covariances (K × d × d; with `diagonal` the off-diagonal entries are 0). */
  readonly covariances: readonly (readonly (readonly number[])[])[];
}

/** Number of states of a model. */
export const stateCount = (model: GaussianHmm): number => model.initial.length;
/** Number of features of a model. */
export const featureCount = (model: GaussianHmm): number => model.means[0]?.length ?? 0;

interface FlatObservations {
  readonly data: Float64Array;
  readonly length: number;
  readonly dimension: number;
}

function flatten(observations: Observations, dimension?: number): FlatObservations {
  const d = dimension ?? observations[0]?.length ?? 0;
  const data = new Float64Array(observations.length * d);
  observations.forEach((row, t) => {
    if (row.length !== d) throw new RangeError(`observation ${t} has ${row.length} features, expected ${d}`);
    for (let i = 0; i < d; i += 1) {
      const v = row[i] ?? Number.NaN;
      if (!Number.isFinite(v)) throw new RangeError(`observation ${t} feature ${i} is not finite (${v})`);
      data[t * d + i] = v;
    }
  });
  return { data, length: observations.length, dimension: d };
}

function validateModel(model: GaussianHmm): void {
  const k = stateCount(model);
  const d = featureCount(model);
  if (k < 1 || d < 1) throw new RangeError('a model needs at least one state and one feature');
  if (model.transition.length !== k || model.transition.some((r) => r.length !== k)) throw new RangeError(`transition must be ${k} × ${k}`);
  if (model.means.length !== k || model.means.some((m) => m.length !== d)) throw new RangeError(`means must be ${k} × ${d}`);
  if (model.covariances.length !== k || model.covariances.some((c) => c.length !== d || c.some((r) => r.length !== d))) throw new RangeError(`covariances must be ${k} × ${d} × ${d}`);
}

function prepareEmissions(model: GaussianHmm): PreparedGaussian[] {
  const d = featureCount(model);
  return model.means.map((mean, k) => {
    const cov = new Float64Array(d * d);
    const rows = model.covariances[k] ?? [];
    for (let i = 0; i < d; i += 1) for (let j = 0; j < d; j += 1) cov[i * d + j] = rows[i]?.[j] ?? 0;
    return prepareGaussian(Float64Array.from(mean), cov, d, model.covarianceType === 'diagonal');
  });
}

/** log b_k(x_t) for every t and k (T × K, row-major). */
function emissionLogDensities(model: GaussianHmm, obs: FlatObservations): Float64Array {
  const k = stateCount(model);
  const gaussians = prepareEmissions(model);
  const out = new Float64Array(obs.length * k);
  for (let t = 0; t < obs.length; t += 1) {
    for (let s = 0; s < k; s += 1) out[t * k + s] = gaussianLogDensity(gaussians[s] as PreparedGaussian, obs.data, t * obs.dimension);
  }
  return out;
}

/**
 * One scaled forward step: from the filtered distribution at t−1 (undefined at the first step: π is
 * used) and the log emission densities at t (K values, read from `logB` at `offset`), writes the
 * filtered distribution P(s_t | x_0..t) into `out` and returns log p(x_t | x_0..t−1).
 * The single code path shared by the batch filter and the streaming filter, so both give bit-identical values.
 */
function forwardStep(model: GaussianHmm, previous: ArrayLike<number> | undefined, logB: ArrayLike<number>, offset: number, out: Float64Array): number {
  const k = out.length;
  let shift = Number.NEGATIVE_INFINITY;
  for (let j = 0; j < k; j += 1) shift = Math.max(shift, logB[offset + j] ?? Number.NEGATIVE_INFINITY);
  if (!Number.isFinite(shift)) {
    out.fill(Number.NaN);
    return Number.NEGATIVE_INFINITY;
  }
  let norm = 0;
  for (let j = 0; j < k; j += 1) {
    let prior: number;
    if (previous === undefined) prior = model.initial[j] ?? 0;
    else {
      prior = 0;
      for (let i = 0; i < k; i += 1) prior += (previous[i] ?? 0) * (model.transition[i]?.[j] ?? 0);
    }
    const a = prior * Math.exp((logB[offset + j] ?? Number.NEGATIVE_INFINITY) - shift);
    out[j] = a;
    norm += a;
  }
  if (!(norm > 0)) {
    out.fill(Number.NaN);
    return Number.NEGATIVE_INFINITY;
  }
  for (let j = 0; j < k; j += 1) out[j] = (out[j] ?? 0) / norm;
  return Math.log(norm) + shift;
}

/** The forward filter's output. */
export interface FilterResult {
  /** P(s_t = k | x_0..t), one row of K per observation. */
  readonly filtered: number[][];
  /** log p(x_t | x_0..t−1) per observation; their sum is the log-likelihood. */
  readonly stepLogLikelihoods: number[];
  /** log p(x_0..T−1). */
  readonly logLikelihood: number;
}

/**
 * The forward filter (causal): the state distribution at each t given observations up to t only.
 * Truncating the series after t leaves the values at 0..t unchanged (tested by truncation).
 */
export function forwardFilter(model: GaussianHmm, observations: Observations): FilterResult {
  validateModel(model);
  const obs = flatten(observations, featureCount(model));
  const k = stateCount(model);
  const logB = emissionLogDensities(model, obs);
  const filtered: number[][] = [];
  const steps: number[] = [];
  let previous: Float64Array | undefined;
  let logLikelihood = 0;
  for (let t = 0; t < obs.length; t += 1) {
    const out = new Float64Array(k);
    const step = forwardStep(model, previous, logB, t * k, out);
    steps.push(step);
    logLikelihood += step;
    filtered.push(Array.from(out));
    previous = out;
  }
  return { filtered, stepLogLikelihoods: steps, logLikelihood };
}

/**
 * The streaming filter (live use): the next filtered distribution from the previous one (undefined for
 * the first observation) and one new observation. Equal, bit for bit, to `forwardFilter`'s row.
 */
export function advanceFilter(model: GaussianHmm, previous: readonly number[] | undefined, observation: readonly number[]): { readonly probabilities: number[]; readonly stepLogLikelihood: number } {
  const obs = flatten([observation], featureCount(model));
  const k = stateCount(model);
  const logB = emissionLogDensities(model, obs);
  const out = new Float64Array(k);
  const step = forwardStep(model, previous, logB, 0, out);
  return { probabilities: Array.from(out), stepLogLikelihood: step };
}

interface EStep {
  readonly logLikelihood: number;
  /** γ_t(k) = P(s_t = k | x_0..T−1), T × K. */
  readonly gamma: Float64Array;
  /** Σ_t ξ_t(i, j), K × K. */
  readonly xiSum: Float64Array;
}

/** Scaled forward-backward over the whole series. */
function expectationStep(model: GaussianHmm, obs: FlatObservations): EStep {
  const k = stateCount(model);
  const n = obs.length;
  const logB = emissionLogDensities(model, obs);
  // Shifted emissions b'_t(j) = exp(log b_t(j) − m_t), the forward normalisers c_t (of the shifted terms).
  const alpha = new Float64Array(n * k);
  const scaledB = new Float64Array(n * k);
  const c = new Float64Array(n);
  let logLikelihood = 0;
  for (let t = 0; t < n; t += 1) {
    const row = alpha.subarray(t * k, (t + 1) * k);
    const step = forwardStep(model, t === 0 ? undefined : alpha.subarray((t - 1) * k, t * k), logB, t * k, row);
    if (!Number.isFinite(step)) return { logLikelihood: Number.NEGATIVE_INFINITY, gamma: new Float64Array(n * k), xiSum: new Float64Array(k * k) };
    logLikelihood += step;
    let shift = Number.NEGATIVE_INFINITY;
    for (let j = 0; j < k; j += 1) shift = Math.max(shift, logB[t * k + j] ?? Number.NEGATIVE_INFINITY);
    for (let j = 0; j < k; j += 1) scaledB[t * k + j] = Math.exp((logB[t * k + j] ?? 0) - shift);
    c[t] = Math.exp(step - shift);
  }
  // Scaled backward: β̂_T−1 = 1; β̂_t(i) = Σ_j A_ij b'_t+1(j) β̂_t+1(j) / c_t+1.
  const beta = new Float64Array(n * k);
  for (let j = 0; j < k; j += 1) beta[(n - 1) * k + j] = 1;
  const gamma = new Float64Array(n * k);
  const xiSum = new Float64Array(k * k);
  for (let t = n - 2; t >= 0; t -= 1) {
    const cNext = c[t + 1] ?? 1;
    for (let i = 0; i < k; i += 1) {
      let s = 0;
      for (let j = 0; j < k; j += 1) s += (model.transition[i]?.[j] ?? 0) * (scaledB[(t + 1) * k + j] ?? 0) * (beta[(t + 1) * k + j] ?? 0);
      beta[t * k + i] = s / cNext;
    }
    for (let i = 0; i < k; i += 1) {
      const a = alpha[t * k + i] ?? 0;
      for (let j = 0; j < k; j += 1) {
        xiSum[i * k + j] = (xiSum[i * k + j] ?? 0) + (a * (model.transition[i]?.[j] ?? 0) * (scaledB[(t + 1) * k + j] ?? 0) * (beta[(t + 1) * k + j] ?? 0)) / cNext;
      }
    }
  }
  for (let t = 0; t < n; t += 1) {
    let norm = 0;
    for (let j = 0; j < k; j += 1) norm += (alpha[t * k + j] ?? 0) * (beta[t * k + j] ?? 0);
    for (let j = 0; j < k; j += 1) gamma[t * k + j] = ((alpha[t * k + j] ?? 0) * (beta[t * k + j] ?? 0)) / norm;
  }
  return { logLikelihood, gamma, xiSum };
}

/** P(s_t = k | all observations): smoothed posteriors (uses future data: offline analysis only). */
export function smoothedPosteriors(model: GaussianHmm, observations: Observations): { readonly posteriors: number[][]; readonly logLikelihood: number } {
  validateModel(model);
  const k = stateCount(model);
  const e = expectationStep(model, flatten(observations, featureCount(model)));
  const posteriors: number[][] = [];
  for (let t = 0; t < observations.length; t += 1) posteriors.push(Array.from(e.gamma.subarray(t * k, (t + 1) * k)));
  return { posteriors, logLikelihood: e.logLikelihood };
}

/** The most probable state path (Viterbi, log space; ties go to the lower state index). */
export function viterbi(model: GaussianHmm, observations: Observations): { readonly path: number[]; readonly logProbability: number } {
  validateModel(model);
  const k = stateCount(model);
  const obs = flatten(observations, featureCount(model));
  const n = obs.length;
  if (n === 0) return { path: [], logProbability: 0 };
  const logB = emissionLogDensities(model, obs);
  const logA = model.transition.map((row) => row.map((p) => Math.log(p)));
  let delta = new Float64Array(k);
  for (let j = 0; j < k; j += 1) delta[j] = Math.log(model.initial[j] ?? 0) + (logB[j] ?? 0);
  const back = new Int32Array(n * k);
  for (let t = 1; t < n; t += 1) {
    const next = new Float64Array(k);
    for (let j = 0; j < k; j += 1) {
      let best = Number.NEGATIVE_INFINITY;
      let arg = 0;
      for (let i = 0; i < k; i += 1) {
        const v = (delta[i] ?? Number.NEGATIVE_INFINITY) + (logA[i]?.[j] ?? Number.NEGATIVE_INFINITY);
        if (v > best) {
          best = v;
          arg = i;
        }
      }
      next[j] = best + (logB[t * k + j] ?? 0);
      back[t * k + j] = arg;
    }
    delta = next;
  }
  let last = 0;
  for (let j = 1; j < k; j += 1) if ((delta[j] ?? Number.NEGATIVE_INFINITY) > (delta[last] ?? Number.NEGATIVE_INFINITY)) last = j;
  const path = new Array<number>(n).fill(0);
  path[n - 1] = last;
  for (let t = n - 1; t > 0; t -= 1) path[t - 1] = back[t * k + (path[t] ?? 0)] ?? 0;
  return { path, logProbability: delta[last] ?? Number.NEGATIVE_INFINITY };
}

// ---------------------------------------------------------------- estimation

export interface BaumWelchOptions {
  /** EM iterations at most (default 200). */
  readonly maxIterations?: number;
  /** Stop when the log-likelihood improves by less than this (absolute, default 1e-6). */
  readonly tolerance?: number;
  /** Per-feature lower bound of every state's variance (default 1e-6 × the feature's sample variance). */
  readonly varianceFloor?: readonly number[];
}

export interface BaumWelchResult {
  readonly model: GaussianHmm;
  /** Log-likelihood of the returned model. */
  readonly logLikelihood: number;
  /** Log-likelihood of the parameters at each iteration; the last entry is the returned model's. EM makes it non-decreasing. */
  readonly history: readonly number[];
  readonly iterations: number;
  readonly converged: boolean;
}

function sampleMoments(obs: FlatObservations): { mean: Float64Array; cov: Float64Array } {
  const d = obs.dimension;
  const mean = new Float64Array(d);
  for (let t = 0; t < obs.length; t += 1) for (let i = 0; i < d; i += 1) mean[i] = (mean[i] ?? 0) + (obs.data[t * d + i] ?? 0) / obs.length;
  const cov = new Float64Array(d * d);
  for (let t = 0; t < obs.length; t += 1) {
    for (let i = 0; i < d; i += 1) {
      const zi = (obs.data[t * d + i] ?? 0) - (mean[i] ?? 0);
      for (let j = 0; j < d; j += 1) cov[i * d + j] = (cov[i * d + j] ?? 0) + (zi * ((obs.data[t * d + j] ?? 0) - (mean[j] ?? 0))) / obs.length;
    }
  }
  return { mean, cov };
}

function toRows(m: Float64Array, d: number): number[][] {
  return Array.from({ length: d }, (_, i) => Array.from(m.subarray(i * d, (i + 1) * d)));
}

/** The M-step: new π, A, means and covariances from the E-step's expectations. */
function maximisationStep(model: GaussianHmm, obs: FlatObservations, e: EStep, floor: Float64Array): GaussianHmm {
  const k = stateCount(model);
  const d = obs.dimension;
  const n = obs.length;
  const initial = Array.from(e.gamma.subarray(0, k));
  const transition = model.transition.map((oldRow, i) => {
    let sum = 0;
    for (let j = 0; j < k; j += 1) sum += e.xiSum[i * k + j] ?? 0;
    if (!(sum > 0)) return [...oldRow];
    return Array.from({ length: k }, (_, j) => (e.xiSum[i * k + j] ?? 0) / sum);
  });
  const means: number[][] = [];
  const covariances: number[][][] = [];
  for (let s = 0; s < k; s += 1) {
    let weight = 0;
    const mean = new Float64Array(d);
    for (let t = 0; t < n; t += 1) {
      const g = e.gamma[t * k + s] ?? 0;
      weight += g;
      for (let i = 0; i < d; i += 1) mean[i] = (mean[i] ?? 0) + g * (obs.data[t * d + i] ?? 0);
    }
    if (!(weight > 1e-12)) {
      // A state no observation belongs to keeps its parameters (EM cannot move it).
      means.push([...(model.means[s] ?? [])]);
      covariances.push((model.covariances[s] ?? []).map((r) => [...r]));
      continue;
    }
    for (let i = 0; i < d; i += 1) mean[i] = (mean[i] ?? 0) / weight;
    const cov = new Float64Array(d * d);
    for (let t = 0; t < n; t += 1) {
      const g = e.gamma[t * k + s] ?? 0;
      for (let i = 0; i < d; i += 1) {
        const zi = (obs.data[t * d + i] ?? 0) - (mean[i] ?? 0);
        if (model.covarianceType === 'diagonal') cov[i * d + i] = (cov[i * d + i] ?? 0) + g * zi * zi;
        else for (let j = 0; j <= i; j += 1) cov[i * d + j] = (cov[i * d + j] ?? 0) + g * zi * ((obs.data[t * d + j] ?? 0) - (mean[j] ?? 0));
      }
    }
    for (let i = 0; i < d; i += 1) {
      for (let j = 0; j <= i; j += 1) {
        const v = (cov[i * d + j] ?? 0) / weight;
        cov[i * d + j] = v;
        cov[j * d + i] = v;
      }
      cov[i * d + i] = Math.max(cov[i * d + i] ?? 0, floor[i] ?? 0);
    }
    if (model.covarianceType === 'full') {
      // Keep Σ positive definite: lift the diagonal by the floor until the factorisation succeeds.
      for (let attempt = 0; attempt < 30; attempt += 1) {
        try {
          prepareGaussian(mean, cov, d, false);
          break;
        } catch {
          for (let i = 0; i < d; i += 1) cov[i * d + i] = (cov[i * d + i] ?? 0) + (floor[i] ?? 0) * 2 ** attempt;
        }
      }
    }
    means.push(Array.from(mean));
    covariances.push(toRows(cov, d));
  }
  return { covarianceType: model.covarianceType, initial, transition, means, covariances };
}

function defaultFloor(obs: FlatObservations, given?: readonly number[]): Float64Array {
  const d = obs.dimension;
  if (given !== undefined) {
    if (given.length !== d) throw new RangeError(`varianceFloor needs ${d} values`);
    return Float64Array.from(given);
  }
  const { cov } = sampleMoments(obs);
  return Float64Array.from({ length: d }, (_, i) => Math.max(1e-6 * (cov[i * d + i] ?? 0), 1e-300));
}

/**
 * Baum-Welch (EM) from a starting model. Each iteration's log-likelihood is recorded; EM guarantees it
 * does not decrease (up to rounding, and unless the variance floor binds).
 */
export function baumWelch(start: GaussianHmm, observations: Observations, options: BaumWelchOptions = {}): BaumWelchResult {
  validateModel(start);
  const obs = flatten(observations, featureCount(start));
  if (obs.length < 2) throw new RangeError('Baum-Welch needs at least 2 observations');
  const maxIterations = options.maxIterations ?? 200;
  const tolerance = options.tolerance ?? 1e-6;
  const floor = defaultFloor(obs, options.varianceFloor);
  let model = start;
  const history: number[] = [];
  let converged = false;
  let iterations = 0;
  for (;;) {
    const e = expectationStep(model, obs);
    const previous = history[history.length - 1];
    history.push(e.logLikelihood);
    if (previous !== undefined && e.logLikelihood - previous < tolerance) {
      converged = true;
      break;
    }
    if (iterations >= maxIterations || !Number.isFinite(e.logLikelihood)) break;
    model = maximisationStep(model, obs, e, floor);
    iterations += 1;
  }
  return { model, logLikelihood: history[history.length - 1] ?? Number.NEGATIVE_INFINITY, history, iterations, converged };
}

/** A random starting model: means at distinct random observations, scaled sample covariances, sticky transitions. */
export function randomStartingModel(observations: Observations, states: number, covarianceType: CovarianceType, random: UniformRandom): GaussianHmm {
  const obs = flatten(observations);
  const d = obs.dimension;
  if (!Number.isInteger(states) || states < 1) throw new RangeError(`states must be a positive integer, got ${states}`);
  if (obs.length < states) throw new RangeError(`${obs.length} observations cannot seed ${states} states`);
  const { cov } = sampleMoments(obs);
  const picked = new Set<number>();
  while (picked.size < states) picked.add(Math.min(obs.length - 1, Math.floor(random() * obs.length)));
  const means = [...picked].map((t) => Array.from(obs.data.subarray(t * d, (t + 1) * d)));
  const covariances = means.map(() => {
    const scale = 0.5 + 1.5 * random();
    return toRows(
      cov.map((v, idx) => (covarianceType === 'diagonal' && Math.floor(idx / d) !== idx % d ? 0 : v * scale)),
      d,
    );
  });
  const transition = Array.from({ length: states }, (_, i) => {
    const row = Array.from({ length: states }, (_, j) => (i === j ? 0.9 : 0.1 / Math.max(1, states - 1)) * (0.5 + random()));
    const sum = row.reduce((a, b) => a + b, 0);
    return row.map((v) => v / sum);
  });
  return { covarianceType, initial: Array.from({ length: states }, () => 1 / states), transition, means, covariances };
}

/** Reorders a model's states: state `order[n]` of the input becomes state n. */
export function permuteStates(model: GaussianHmm, order: readonly number[]): GaussianHmm {
  const at = <T>(xs: readonly T[], i: number): T => {
    const v = xs[i];
    if (v === undefined) throw new RangeError(`no state ${i}`);
    return v;
  };
  return {
    covarianceType: model.covarianceType,
    initial: order.map((i) => at(model.initial, i)),
    transition: order.map((i) => order.map((j) => at(at(model.transition, i), j))),
    means: order.map((i) => [...at(model.means, i)]),
    covariances: order.map((i) => at(model.covariances, i).map((r) => [...r])),
  };
}

export interface FitOptions extends BaumWelchOptions {
  readonly states: number;
  readonly covarianceType?: CovarianceType;
  /** Independent random starts; the best final log-likelihood wins (default 10). */
  readonly restarts?: number;
  /** Seed of the mulberry32 stream the starts are drawn from (default 1). */
  readonly seed?: number;
  /** Canonical state order: ascending variance of this feature (default 0), so state 0 is the calmest. */
  readonly orderByVarianceOf?: number;
}

export interface FitResult extends BaumWelchResult {
  /** Every restart's outcome, in draw order. */
  readonly restarts: readonly { readonly logLikelihood: number; readonly iterations: number; readonly converged: boolean }[];
  /** Index of the restart that won. */
  readonly best: number;
}

/** Fits a Gaussian HMM by Baum-Welch from several seeded random starts; deterministic for a seed. */
export function fitGaussianHmm(observations: Observations, options: FitOptions): FitResult {
  const restarts = options.restarts ?? 10;
  if (!Number.isInteger(restarts) || restarts < 1) throw new RangeError(`restarts must be a positive integer, got ${restarts}`);
  const random = mulberry32(options.seed ?? 1);
  const outcomes: { logLikelihood: number; iterations: number; converged: boolean }[] = [];
  let best: BaumWelchResult | undefined;
  let bestIndex = 0;
  for (let r = 0; r < restarts; r += 1) {
    const start = randomStartingModel(observations, options.states, options.covarianceType ?? 'full', random);
    const result = baumWelch(start, observations, options);
    outcomes.push({ logLikelihood: result.logLikelihood, iterations: result.iterations, converged: result.converged });
    if (best === undefined || result.logLikelihood > best.logLikelihood) {
      best = result;
      bestIndex = r;
    }
  }
  if (best === undefined) throw new Error('no restart ran');
  const feature = options.orderByVarianceOf ?? 0;
  const order = best.model.covariances
    .map((c, i) => ({ i, v: c[feature]?.[feature] ?? 0 }))
    .sort((a, b) => a.v - b.v || a.i - b.i)
    .map((x) => x.i);
  return { ...best, model: permuteStates(best.model, order), restarts: outcomes, best: bestIndex };
}
