/**
 * Probabilistic and deflated Sharpe ratios (Bailey & López de Prado, "The Sharpe Ratio Efficient Frontier",
 * J. of Risk 15(2), 2012, for the PSR; "The Deflated Sharpe Ratio: Correcting for Selection Bias, Backtest
 * Overfitting and Non-Normality", J. of Portfolio Management 40(5), 2014, pp. 94–107, for the DSR).
 *
 * All Sharpe ratios here are PER PERIOD (not annualised): SR = mean / std of the period returns. A figure
 * annualised over q periods a year is SR·√q; divide by √q before using these functions.
 *
 * PSR(SR*) = Φ( (SR̂ − SR*)·√(T − 1) / √(1 − γ₃·SR̂ + (γ₄ − 1)/4·SR̂²) ), the probability that the true SR
 * exceeds SR* given T observations with skewness γ₃ and (non-excess) kurtosis γ₄.
 *
 * DSR = PSR(SR₀) with SR₀ = E[max of N trial SRs] under the null of zero true SR:
 * SR₀ = √V[SR_n] · ((1 − γ)·Φ⁻¹(1 − 1/N) + γ·Φ⁻¹(1 − 1/(N·e))), γ the Euler–Mascheroni constant
 * (the paper's eq. for the expected maximum, from extreme value theory).
 */

import { inverseNormCdf, normCdf } from '../options/normal';

/** The Euler–Mascheroni constant γ. */
export const EULER_MASCHERONI = 0.5772156649015329;

/** Per-period Sharpe ratio and the moments the PSR needs, from one return series. */
export interface SharpeMoments {
  /** mean / sample std (n − 1), per period; NaN with fewer than 2 returns or zero volatility. */
  readonly sharpe: number;
  /** Number of returns T. */
  readonly observations: number;
  /** Skewness γ₃ = m₃ / m₂^1.5 (population moments, as the paper and scipy's default). */
  readonly skewness: number;
  /** Kurtosis γ₄ = m₄ / m₂² (NOT excess: 3 for a normal). */
  readonly kurtosis: number;
}

/** Computes SR, T, γ₃ and γ₄ of a return series (non-finite returns make the result NaN). */
export function sharpeMoments(returns: ArrayLike<number>): SharpeMoments {
  const n = returns.length;
  let sum = 0;
  for (let i = 0; i < n; i += 1) sum += returns[i] ?? Number.NaN;
  const mu = sum / n;
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  for (let i = 0; i < n; i += 1) {
    const d = (returns[i] ?? Number.NaN) - mu;
    const d2 = d * d;
    m2 += d2;
    m3 += d2 * d;
    m4 += d2 * d2;
  }
  const sampleStd = n > 1 ? Math.sqrt(m2 / (n - 1)) : Number.NaN;
  m2 /= n;
  m3 /= n;
  m4 /= n;
  const flat = !(m2 > 1e-300) || !(sampleStd > 1e-10 * Math.abs(mu));
  return {
    sharpe: flat ? Number.NaN : mu / sampleStd,
    observations: n,
    skewness: m2 > 0 ? m3 / Math.pow(m2, 1.5) : Number.NaN,
    kurtosis: m2 > 0 ? m4 / (m2 * m2) : Number.NaN,
  };
}

/** Inputs of the PSR: an observed per-period SR, a benchmark SR*, T, γ₃ and γ₄ (3 for normal returns). */
export interface PsrInput {
  readonly sharpe: number;
  readonly benchmark: number;
  readonly observations: number;
  readonly skewness: number;
  readonly kurtosis: number;
}

/** The PSR's z statistic (NaN when the variance term is not positive or T < 2). */
export function psrStatistic(input: PsrInput): number {
  const { sharpe: sr, benchmark, observations: t, skewness: g3, kurtosis: g4 } = input;
  const variance = 1 - g3 * sr + ((g4 - 1) / 4) * sr * sr;
  if (!(t >= 2) || !(variance > 0)) return Number.NaN;
  return ((sr - benchmark) * Math.sqrt(t - 1)) / Math.sqrt(variance);
}

/** Probabilistic Sharpe ratio: P(true SR > benchmark). NaN when undefined. */
export function probabilisticSharpeRatio(input: PsrInput): number {
  const z = psrStatistic(input);
  return Number.isNaN(z) ? Number.NaN : normCdf(z);
}

/**
 * Expected maximum of N per-period SR estimates whose true value is zero and whose cross-trial variance is
 * `sharpeVariance`: √V·((1 − γ)Φ⁻¹(1 − 1/N) + γΦ⁻¹(1 − 1/(N·e))). 0 for N = 1 (no selection); NaN for N < 1.
 */
export function expectedMaxSharpe(trials: number, sharpeVariance: number): number {
  if (!(trials >= 1) || !(sharpeVariance >= 0)) return Number.NaN;
  if (trials === 1) return 0;
  return Math.sqrt(sharpeVariance) * expectedMaxStandardNormal(trials);
}

/** The extreme-value approximation of E[max of N iid standard normals] used by the DSR. */
export function expectedMaxStandardNormal(trials: number): number {
  return (1 - EULER_MASCHERONI) * inverseNormCdf(1 - 1 / trials) + EULER_MASCHERONI * inverseNormCdf(1 - 1 / (trials * Math.E));
}

/** Inputs of the DSR: the selected strategy's per-period SR and moments, and the trials it was selected from. */
export interface DsrInput {
  readonly sharpe: number;
  readonly observations: number;
  readonly skewness: number;
  /** Non-excess kurtosis (3 for normal returns). */
  readonly kurtosis: number;
  /** N: the number of (effectively independent) trials the strategy was selected from. */
  readonly trials: number;
  /** V[SR_n]: variance of the per-period SR estimates across the trials. */
  readonly sharpeVariance: number;
}

/** The DSR and the benchmark it deflated against. */
export interface DeflatedSharpe {
  /** P(true SR > SR₀): a value near 1 says the SR survives the selection; NaN when undefined. */
  readonly dsr: number;
  /** SR₀ = E[max SR] under the null (per period). */
  readonly benchmark: number;
  readonly z: number;
}

/** Deflated Sharpe ratio. */
export function deflatedSharpeRatio(input: DsrInput): DeflatedSharpe {
  const benchmark = expectedMaxSharpe(input.trials, input.sharpeVariance);
  const z = psrStatistic({ ...input, benchmark });
  return { dsr: Number.isNaN(z) ? Number.NaN : normCdf(z), benchmark, z };
}

/** Sample variance (n − 1) of the finite values; NaN with fewer than 2. */
export function sampleVariance(values: ArrayLike<number>): number {
  const xs: number[] = [];
  for (let i = 0; i < values.length; i += 1) {
    const v = values[i] ?? Number.NaN;
    if (Number.isFinite(v)) xs.push(v);
  }
  if (xs.length < 2) return Number.NaN;
  const m = xs.reduce((s, x) => s + x, 0) / xs.length;
  return xs.reduce((s, x) => s + (x - m) * (x - m), 0) / (xs.length - 1);
}

/**
 * DSR of the best of several trials' return series: the selected series is the one with the highest
 * per-period SR; V[SR_n] is the sample variance of the trials' SRs; N = the number of series (or `trials`
 * when more were tried than are given).
 */
export function deflatedSharpeOfBest(trialReturns: readonly ArrayLike<number>[], trials?: number): DeflatedSharpe & { readonly best: number; readonly moments: SharpeMoments | undefined } {
  const moments = trialReturns.map(sharpeMoments);
  let best = -1;
  moments.forEach((m, i) => {
    if (Number.isFinite(m.sharpe) && (best < 0 || m.sharpe > (moments[best]?.sharpe ?? Number.NaN))) best = i;
  });
  const chosen = moments[best];
  if (chosen === undefined) return { dsr: Number.NaN, benchmark: Number.NaN, z: Number.NaN, best, moments: undefined };
  const variance = sampleVariance(moments.map((m) => m.sharpe));
  return { ...deflatedSharpeRatio({ ...chosen, trials: trials ?? trialReturns.length, sharpeVariance: variance }), best, moments: chosen };
}
