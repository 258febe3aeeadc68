/**
 * Bootstrap percentile confidence intervals. Returns are resampled with the STATIONARY bootstrap
 * (Politis & Romano 1994): blocks of geometric length with the given mean, starting at uniform
 * positions and wrapping circularly, so serial dependence within blocks is kept and the resampled
 * series is stationary. A mean block length of 1 is the ordinary iid bootstrap.
 */

import { mulberry32, type UniformRandom } from './random';
import { quantileSorted } from './stats';

/** A percentile bootstrap interval and how it was made. */
export interface BootstrapInterval {
  /** The statistic on the original sample. */
  readonly estimate: number;
  readonly lower: number;
  readonly upper: number;
  /** Two-sided level, e.g. 0.95 → 2.5 % and 97.5 % percentiles (type-7 interpolation). */
  readonly level: number;
  readonly method: 'stationary-bootstrap-percentile';
  readonly meanBlockLength: number;
  readonly resamples: number;
  /** Resamples whose statistic was finite (e.g. a resample of zero volatility gives NaN Sharpe and is dropped). */
  readonly validResamples: number;
  readonly seed: number;
}

/** Options of a bootstrap run. */
export interface BootstrapOptions {
  readonly resamples: number;
  readonly seed: number;
  readonly level: number;
  /** Mean block length ≥ 1 (1 = iid). */
  readonly meanBlockLength: number;
}

/** Fills `out` with one stationary-bootstrap index path over a series of length n. */
export function stationaryBootstrapIndices(n: number, meanBlockLength: number, random: UniformRandom, out: Int32Array): void {
  const restart = 1 / Math.max(1, meanBlockLength);
  let idx = Math.floor(random() * n);
  for (let i = 0; i < out.length; i += 1) {
    if (i > 0) idx = random() < restart ? Math.floor(random() * n) : (idx + 1) % n;
    out[i] = idx;
  }
}

/** Rule-of-thumb mean block length for a series of n returns: max(1, round(n^(1/3))). */
export function defaultMeanBlockLength(n: number): number {
  return Math.max(1, Math.round(Math.cbrt(n)));
}

/**
 * Percentile interval of `statistic` over stationary-bootstrap resamples of `series` (same length).
 * Deterministic for a given seed. Fewer than 2 observations, or no finite resample, give NaN bounds.
 */
export function bootstrapInterval(
  series: ArrayLike<number>,
  statistic: (sample: Float64Array) => number,
  options: BootstrapOptions,
): BootstrapInterval {
  const n = series.length;
  const base = Float64Array.from({ length: n }, (_, i) => series[i] ?? Number.NaN);
  const estimate = n > 0 ? statistic(base) : Number.NaN;
  const common = {
    estimate,
    level: options.level,
    method: 'stationary-bootstrap-percentile' as const,
    meanBlockLength: options.meanBlockLength,
    resamples: options.resamples,
    seed: options.seed,
  };
  const resamples = Number.isInteger(options.resamples) && options.resamples > 0 ? options.resamples : 0;
  if (n < 2 || resamples === 0 || !(options.level > 0 && options.level < 1)) {
    return { ...common, lower: Number.NaN, upper: Number.NaN, validResamples: 0 };
  }
  const random = mulberry32(options.seed);
  const indices = new Int32Array(n);
  const sample = new Float64Array(n);
  const stats: number[] = [];
  for (let b = 0; b < resamples; b += 1) {
    stationaryBootstrapIndices(n, options.meanBlockLength, random, indices);
    for (let i = 0; i < n; i += 1) sample[i] = base[indices[i] ?? 0] ?? Number.NaN;
    const s = statistic(sample);
    if (Number.isFinite(s)) stats.push(s);
  }
  const sorted = Float64Array.from(stats).sort();
  const tail = (1 - options.level) / 2;
  return { ...common, lower: quantileSorted(sorted, tail), upper: quantileSorted(sorted, 1 - tail), validResamples: stats.length };
}
