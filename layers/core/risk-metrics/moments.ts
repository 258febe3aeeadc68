/** Higher moments for the Cornish–Fisher expansion (population moment ratios, as PerformanceAnalytics). */
import { mean } from '../analytics';

/** Central moments m2, m3, m4 with denominator n. */
export function centralMoments(values: ArrayLike<number>): { readonly m2: number; readonly m3: number; readonly m4: number } {
  const n = values.length;
  if (n === 0) return { m2: Number.NaN, m3: Number.NaN, m4: Number.NaN };
  const mu = mean(values);
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  for (let i = 0; i < n; i += 1) {
    const d = (values[i] ?? Number.NaN) - mu;
    const d2 = d * d;
    m2 += d2;
    m3 += d2 * d;
    m4 += d2 * d2;
  }
  return { m2: m2 / n, m3: m3 / n, m4: m4 / n };
}

/** Skewness g1 = m3 / m2^1.5 (biased moment ratio); NaN for a constant or empty series. */
export function skewness(values: ArrayLike<number>): number {
  const { m2, m3 } = centralMoments(values);
  return m2 > 0 ? m3 / Math.pow(m2, 1.5) : Number.NaN;
}

/** Excess kurtosis g2 = m4 / m2² − 3 (0 for a normal); NaN for a constant or empty series. */
export function excessKurtosis(values: ArrayLike<number>): number {
  const { m2, m4 } = centralMoments(values);
  return m2 > 0 ? m4 / (m2 * m2) - 3 : Number.NaN;
}
