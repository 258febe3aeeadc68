/** Small descriptive statistics over ArrayLike<number> (arrays or Float64Array); NaN when undefined. */

import type { StdDenominator } from './conventions';

/** Arithmetic mean; NaN for an empty series. */
export function mean(values: ArrayLike<number>): number {
  const n = values.length;
  if (n === 0) return Number.NaN;
  let sum = 0;
  for (let i = 0; i < n; i += 1) sum += values[i] ?? Number.NaN;
  return sum / n;
}

/**
 * Standard deviation (two-pass, numerically stable). `sample` divides by n − 1 and is NaN for
 * n < 2; `population` divides by n and is NaN for n = 0.
 */
export function standardDeviation(values: ArrayLike<number>, denominator: StdDenominator = 'sample'): number {
  const n = values.length;
  const d = denominator === 'sample' ? n - 1 : n;
  if (d <= 0) return Number.NaN;
  const m = mean(values);
  let ss = 0;
  for (let i = 0; i < n; i += 1) {
    const e = (values[i] ?? Number.NaN) - m;
    ss += e * e;
  }
  return Math.sqrt(ss / d);
}

/** Covariance of two equal-length series with the given denominator; NaN if lengths differ or too short. */
export function covariance(x: ArrayLike<number>, y: ArrayLike<number>, denominator: StdDenominator = 'sample'): number {
  const n = x.length;
  const d = denominator === 'sample' ? n - 1 : n;
  if (n !== y.length || d <= 0) return Number.NaN;
  const mx = mean(x);
  const my = mean(y);
  let s = 0;
  for (let i = 0; i < n; i += 1) s += ((x[i] ?? Number.NaN) - mx) * ((y[i] ?? Number.NaN) - my);
  return s / d;
}

/**
 * Quantile with linear interpolation between order statistics (Hyndman & Fan type 7, the R and
 * NumPy default). `sorted` must be ascending; NaN when empty.
 */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0 || !(p >= 0 && p <= 1)) return Number.NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  const a = sorted[lo] ?? Number.NaN;
  const b = sorted[hi] ?? Number.NaN;
  return a + (h - lo) * (b - a);
}
