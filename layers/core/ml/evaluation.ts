/**
 * Classification metrics of probability forecasts and their bootstrap confidence intervals.
 * Unweighted (every held-out observation counts once); a forecast p ≥ 0.5 means "up".
 */
import { bootstrapInterval, type BootstrapInterval } from '../analytics';

export const METRIC_NAMES = ['accuracy', 'balancedAccuracy', 'logLoss', 'auc', 'brier'] as const;
export type MetricName = (typeof METRIC_NAMES)[number];

const LOG_LOSS_CLIP = 1e-15;

/** Share of correct calls at threshold 0.5. */
export function accuracy(y: ArrayLike<number>, p: ArrayLike<number>): number {
  let ok = 0;
  for (let i = 0; i < y.length; i += 1) ok += ((p[i] ?? 0) >= 0.5 ? 1 : 0) === y[i] ? 1 : 0;
  return y.length > 0 ? ok / y.length : Number.NaN;
}

/** Mean of the true-positive and true-negative rates at threshold 0.5 (NaN when a class is absent). */
export function balancedAccuracy(y: ArrayLike<number>, p: ArrayLike<number>): number {
  let tp = 0;
  let pos = 0;
  let tn = 0;
  let neg = 0;
  for (let i = 0; i < y.length; i += 1) {
    const call = (p[i] ?? 0) >= 0.5 ? 1 : 0;
    if (y[i] === 1) {
      pos += 1;
      tp += call;
    } else {
      neg += 1;
      tn += 1 - call;
    }
  }
  return pos > 0 && neg > 0 ? 0.5 * (tp / pos + tn / neg) : Number.NaN;
}

/** Mean negative log-likelihood, probabilities clipped to [1e-15, 1 − 1e-15] (scikit-learn's convention). */
export function logLoss(y: ArrayLike<number>, p: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < y.length; i += 1) {
    const q = Math.min(1 - LOG_LOSS_CLIP, Math.max(LOG_LOSS_CLIP, p[i] ?? 0.5));
    s -= y[i] === 1 ? Math.log(q) : Math.log(1 - q);
  }
  return y.length > 0 ? s / y.length : Number.NaN;
}

/** Mean squared error of the probability. */
export function brierScore(y: ArrayLike<number>, p: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < y.length; i += 1) s += ((p[i] ?? 0) - (y[i] ?? 0)) ** 2;
  return y.length > 0 ? s / y.length : Number.NaN;
}

/**
 * Area under the ROC curve by the Mann–Whitney statistic with mid-ranks for ties:
 * P(p₊ > p₋) + ½·P(p₊ = p₋). NaN when a class is absent.
 */
export function rocAuc(y: ArrayLike<number>, p: ArrayLike<number>): number {
  const n = y.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (p[a] ?? 0) - (p[b] ?? 0));
  let rankSumPos = 0;
  let pos = 0;
  let i = 0;
  while (i < n) {
    let j = i;
    while (j + 1 < n && p[order[j + 1] ?? 0] === p[order[i] ?? 0]) j += 1;
    const midRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k += 1) {
      if (y[order[k] ?? 0] === 1) {
        rankSumPos += midRank;
        pos += 1;
      }
    }
    i = j + 1;
  }
  const neg = n - pos;
  if (pos === 0 || neg === 0) return Number.NaN;
  return (rankSumPos - (pos * (pos + 1)) / 2) / (pos * neg);
}

const METRIC_FNS: Record<MetricName, (y: ArrayLike<number>, p: ArrayLike<number>) => number> = {
  accuracy,
  balancedAccuracy,
  logLoss,
  auc: rocAuc,
  brier: brierScore,
};

/** All point metrics. */
export function classificationMetrics(y: ArrayLike<number>, p: ArrayLike<number>): Record<MetricName, number> {
  return Object.fromEntries(METRIC_NAMES.map((m) => [m, METRIC_FNS[m](y, p)])) as Record<MetricName, number>;
}

/** A metric's estimate and percentile interval (JSON-friendly: NaN bounds become null in JSON). */
export interface MetricInterval {
  readonly estimate: number;
  readonly lower: number;
  readonly upper: number;
}

/** How the intervals were made. */
export interface IntervalOptions {
  readonly resamples: number;
  readonly seed: number;
  readonly level: number;
  /** Mean block length of the stationary bootstrap over observations in time order (1 = iid). */
  readonly meanBlockLength: number;
}

/**
 * Every metric with a stationary-bootstrap percentile interval (the analytics room's bootstrap, over
 * observation indices in time order, so overlapping labels stay together in blocks). All metrics of
 * one forecast use the same resampled index paths (same seed), as do all forecasts compared on one set.
 */
export function metricsWithIntervals(y: ArrayLike<number>, p: ArrayLike<number>, options: IntervalOptions): Record<MetricName, MetricInterval> {
  const n = y.length;
  const indices = Float64Array.from({ length: n }, (_, i) => i);
  const ys = new Uint8Array(n);
  const ps = new Float64Array(n);
  const out = {} as Record<MetricName, MetricInterval>;
  for (const name of METRIC_NAMES) {
    const fn = METRIC_FNS[name];
    const ci: BootstrapInterval = bootstrapInterval(
      indices,
      (sample) => {
        for (let k = 0; k < sample.length; k += 1) {
          const i = sample[k] ?? 0;
          ys[k] = y[i] ?? 0;
          ps[k] = p[i] ?? 0;
        }
        return fn(ys, ps);
      },
      options,
    );
    out[name] = { estimate: ci.estimate, lower: ci.lower, upper: ci.upper };
  }
  return out;
}
