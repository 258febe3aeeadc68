/**
 * Combinatorial purged cross-validation (López de Prado, AFML 2018, ch. 12). The observations are cut
 * into N contiguous groups; every choice of k groups is one split's test set (C(N, k) splits), the rest
 * is training data, purged and embargoed around each contiguous test block (./purged-cv). Each group is
 * tested in C(N−1, k−1) splits, so the out-of-sample results recombine into φ(N, k) = k/N · C(N, k)
 * = C(N−1, k−1) complete backtest paths: path p takes, for each group, the p-th split (in lexicographic
 * order) that tests it (AFML fig. 12.1 for N = 6, k = 2: 15 splits, 5 paths).
 */

import { contiguousGroups, embargoCount, purgeAround, type LabelSpans, type PurgedSplit } from './purged-cv';
import type { IndexRange } from './splits';

/** Options of CPCV. */
export interface CpcvOptions {
  /** N ≥ 2 groups. */
  readonly groups: number;
  /** k test groups per split, 1 ≤ k < N. */
  readonly testGroups: number;
  /** Embargo fraction of n after each test block; default 0. */
  readonly embargo?: number;
}

/** One CPCV split. */
export interface CpcvSplit extends PurgedSplit {
  readonly split: number;
  /** The k test groups, ascending. */
  readonly testGroups: readonly number[];
}

/** The splits and the paths they recombine into. */
export interface CpcvPlan {
  readonly groups: readonly IndexRange[];
  readonly splits: readonly CpcvSplit[];
  /** paths[p][g]: the split whose test result covers group g on path p. */
  readonly paths: readonly (readonly number[])[];
}

/** Binomial coefficient C(n, k) (exact for the sizes used here: below 2^53). */
export function binomial(n: number, k: number): number {
  if (!Number.isInteger(n) || !Number.isInteger(k) || k < 0 || k > n) return 0;
  const m = Math.min(k, n - k);
  let c = 1;
  for (let i = 1; i <= m; i += 1) c = (c * (n - m + i)) / i;
  return Math.round(c);
}

/** φ(N, k) = k/N · C(N, k): the number of backtest paths CPCV produces. */
export function cpcvPathCount(groups: number, testGroups: number): number {
  return Math.round((testGroups / groups) * binomial(groups, testGroups));
}

/** All k-subsets of 0..n−1, each ascending, in lexicographic order. */
export function combinations(n: number, k: number): number[][] {
  const out: number[][] = [];
  const pick: number[] = [];
  const rec = (from: number): void => {
    if (pick.length === k) {
      out.push([...pick]);
      return;
    }
    for (let i = from; i <= n - (k - pick.length); i += 1) {
      pick.push(i);
      rec(i + 1);
      pick.pop();
    }
  };
  if (k >= 0 && k <= n) rec(0);
  return out;
}

/** Builds the CPCV plan for n observations with the given label spans. */
export function combinatorialPurgedCv(spans: LabelSpans, options: CpcvOptions): CpcvPlan {
  const n = spans.start.length;
  const { groups: N, testGroups: k } = options;
  if (!Number.isInteger(N) || N < 2) throw new RangeError(`groups must be a whole number ≥ 2, got ${N}`);
  if (!Number.isInteger(k) || k < 1 || k >= N) throw new RangeError(`testGroups must be a whole number in 1..${N - 1}, got ${k}`);
  const groups = contiguousGroups(n, N);
  const h = embargoCount(n, options.embargo ?? 0);
  const splits = combinations(N, k).map((testGroups, split): CpcvSplit => {
    const test: number[] = [];
    for (const g of testGroups) {
      const r = groups[g];
      if (r !== undefined) for (let i = r.start; i < r.end; i += 1) test.push(i);
    }
    return { split, testGroups, ...purgeAround(spans, test, h) };
  });
  const phi = cpcvPathCount(N, k);
  const paths = Array.from({ length: phi }, () => new Array<number>(N).fill(-1));
  for (let g = 0; g < N; g += 1) {
    let p = 0;
    for (const s of splits) {
      if (!s.testGroups.includes(g)) continue;
      const path = paths[p];
      if (path !== undefined) path[g] = s.split;
      p += 1;
    }
  }
  return { groups, splits, paths };
}

/**
 * Recombines per-split out-of-sample values into φ full-length paths. `valuesBySplit[s][j]` belongs to
 * observation `plan.splits[s].test[j]`; path p's value at observation i comes from the split covering
 * i's group on that path.
 */
export function assemblePaths(plan: CpcvPlan, valuesBySplit: readonly ArrayLike<number>[]): Float64Array[] {
  const n = plan.groups.reduce((m, g) => Math.max(m, g.end), 0);
  const positionInSplit = plan.splits.map((s) => {
    const at = new Map<number, number>();
    s.test.forEach((obs, j) => at.set(obs, j));
    return at;
  });
  return plan.paths.map((path) => {
    const out = new Float64Array(n).fill(Number.NaN);
    plan.groups.forEach((g, gi) => {
      const s = path[gi] ?? -1;
      const values = valuesBySplit[s];
      const at = positionInSplit[s];
      if (values === undefined || at === undefined) return;
      for (let i = g.start; i < g.end; i += 1) out[i] = values[at.get(i) ?? -1] ?? Number.NaN;
    });
    return out;
  });
}
