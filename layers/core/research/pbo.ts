/**
 * Probability of backtest overfitting by combinatorially symmetric cross-validation (CSCV; Bailey, Borwein,
 * López de Prado & Zhu, "The Probability of Backtest Overfitting", J. of Computational Finance 20(4), 2017;
 * SSRN 2326253, 2015).
 *
 * The T × N performance matrix (N strategies' period returns, one column each) is cut by rows into S
 * contiguous submatrices. For every choice of S/2 of them as in-sample (C(S, S/2) choices), the rest being
 * out-of-sample: n* = the strategy with the best in-sample statistic; ω̄ = its out-of-sample rank / (N + 1)
 * (ranks 1..N ascending, ties averaged); λ = ln(ω̄ / (1 − ω̄)). PBO = the share of λ ≤ 0: how often the
 * in-sample winner lands at or below the out-of-sample median.
 *
 * Rows are split as numpy's array_split (sizes differ by at most one when S does not divide T; the paper
 * assumes equal sizes). Statistics come from per-submatrix sums, so a combination costs O(N·S).
 */

import { combinations } from './cpcv';
import { contiguousGroups } from './purged-cv';

/** Options of CSCV. */
export interface PboOptions {
  /** S: an even number ≥ 2 of row blocks (the paper suggests 16). */
  readonly submatrices: number;
  /** Performance statistic of a strategy on a set of rows: `sharpe` (mean / sample std, per period; default) or `mean`. */
  readonly statistic?: 'sharpe' | 'mean';
}

/** Result of CSCV. */
export interface PboResult {
  /** Share of combinations with λ ≤ 0. */
  readonly pbo: number;
  /** One logit per combination, in lexicographic order of the in-sample block choice. */
  readonly logits: Float64Array;
  /** In-sample winner of each combination (column index). */
  readonly selected: Int32Array;
  /** Its in-sample and out-of-sample statistic per combination (for the performance-degradation plot). */
  readonly inSample: Float64Array;
  readonly outOfSample: Float64Array;
  /** Share of combinations whose winner's out-of-sample statistic is negative. */
  readonly probabilityOfLoss: number;
  /** Least-squares slope of out-of-sample on in-sample statistic of the winners (negative: degradation). */
  readonly degradationSlope: number;
  readonly combinations: number;
}

/** Ranks (1..n, ties averaged, NaN ranked lowest) of the values. */
export function averageRanks(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const key = (i: number): number => {
    const v = values[i] ?? Number.NaN;
    return Number.isNaN(v) ? Number.NEGATIVE_INFINITY : v;
  };
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => key(a) - key(b) || a - b);
  const ranks = new Float64Array(n);
  let i = 0;
  while (i < n) {
    let j = i;
    while (j + 1 < n && key(order[j + 1] ?? 0) === key(order[i] ?? 0)) j += 1;
    const r = (i + j) / 2 + 1;
    for (let k = i; k <= j; k += 1) ranks[order[k] ?? 0] = r;
    i = j + 1;
  }
  return ranks;
}

/** PBO by CSCV over the strategies' return columns (each of the same length T). */
export function probabilityOfBacktestOverfitting(columns: readonly ArrayLike<number>[], options: PboOptions): PboResult {
  const N = columns.length;
  const S = options.submatrices;
  const T = columns[0]?.length ?? 0;
  if (N < 2) throw new RangeError(`PBO needs at least 2 strategies, got ${N}`);
  if (!Number.isInteger(S) || S < 2 || S % 2 !== 0) throw new RangeError(`submatrices must be an even whole number ≥ 2, got ${S}`);
  if (columns.some((c) => c.length !== T)) throw new RangeError('every strategy column must have the same length');
  if (T < 2 * S) throw new RangeError(`need at least 2 rows per submatrix: T = ${T}, S = ${S}`);
  const statistic = options.statistic ?? 'sharpe';

  // Per block and strategy: count, sum, sum of squares (shifted by the column's first value for stability).
  const blocks = contiguousGroups(T, S);
  const count = new Float64Array(S);
  const sum = new Float64Array(S * N);
  const sumSq = new Float64Array(S * N);
  const shift = Float64Array.from(columns, (c) => c[0] ?? 0);
  blocks.forEach((b, s) => {
    count[s] = b.end - b.start;
    for (let n = 0; n < N; n += 1) {
      const col = columns[n];
      const c0 = shift[n] ?? 0;
      let a = 0;
      let q = 0;
      for (let t = b.start; t < b.end; t += 1) {
        const x = (col?.[t] ?? Number.NaN) - c0;
        a += x;
        q += x * x;
      }
      sum[s * N + n] = a;
      sumSq[s * N + n] = q;
    }
  });

  const statOf = (inBlocks: readonly number[], n: number): number => {
    let k = 0;
    let a = 0;
    let q = 0;
    for (const s of inBlocks) {
      k += count[s] ?? 0;
      a += sum[s * N + n] ?? 0;
      q += sumSq[s * N + n] ?? 0;
    }
    const mu = a / k;
    const mean = mu + (shift[n] ?? 0);
    if (statistic === 'mean') return mean;
    const variance = (q - k * mu * mu) / (k - 1);
    const sd = Math.sqrt(Math.max(0, variance));
    return sd > 1e-12 * Math.max(1e-300, Math.abs(mean)) && sd > 0 ? mean / sd : Number.NaN;
  };

  const combos = combinations(S, S / 2);
  const logits = new Float64Array(combos.length);
  const selected = new Int32Array(combos.length);
  const inSample = new Float64Array(combos.length);
  const outOfSample = new Float64Array(combos.length);
  const oosStats = new Float64Array(N);
  let overfit = 0;
  let losses = 0;
  combos.forEach((isBlocks, c) => {
    const oosBlocks = Array.from({ length: S }, (_, s) => s).filter((s) => !isBlocks.includes(s));
    let best = -1;
    let bestValue = Number.NEGATIVE_INFINITY;
    for (let n = 0; n < N; n += 1) {
      const v = statOf(isBlocks, n);
      if (Number.isFinite(v) && (best < 0 || v > bestValue)) {
        best = n;
        bestValue = v;
      }
      oosStats[n] = statOf(oosBlocks, n);
    }
    if (best < 0) best = 0;
    const omega = (averageRanks(oosStats)[best] ?? Number.NaN) / (N + 1);
    const lambda = Math.log(omega / (1 - omega));
    logits[c] = lambda;
    selected[c] = best;
    inSample[c] = bestValue;
    outOfSample[c] = oosStats[best] ?? Number.NaN;
    if (lambda <= 0) overfit += 1;
    if ((oosStats[best] ?? Number.NaN) < 0) losses += 1;
  });
  return {
    pbo: overfit / combos.length,
    logits,
    selected,
    inSample,
    outOfSample,
    probabilityOfLoss: losses / combos.length,
    degradationSlope: slope(inSample, outOfSample),
    combinations: combos.length,
  };
}

function slope(x: Float64Array, y: Float64Array): number {
  let mx = 0;
  let my = 0;
  let k = 0;
  for (let i = 0; i < x.length; i += 1) {
    const a = x[i] ?? Number.NaN;
    const b = y[i] ?? Number.NaN;
    if (!Number.isFinite(a) || !Number.isFinite(b)) continue;
    mx += a;
    my += b;
    k += 1;
  }
  if (k < 2) return Number.NaN;
  mx /= k;
  my /= k;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < x.length; i += 1) {
    const a = x[i] ?? Number.NaN;
    const b = y[i] ?? Number.NaN;
    if (!Number.isFinite(a) || !Number.isFinite(b)) continue;
    sxy += (a - mx) * (b - my);
    sxx += (a - mx) * (a - mx);
  }
  return sxx > 0 ? sxy / sxx : Number.NaN;
}
