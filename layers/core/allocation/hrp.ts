/**
 * Hierarchical risk parity (López de Prado 2016, "Building Diversified Portfolios that Outperform
 * Out of Sample", J. Portfolio Management 42(4)), following the paper's code:
 * 1. correlation distance d_ij = √(½(1 − ρ_ij));
 * 2. distance between columns of d: d̃_ij = ‖d_·i − d_·j‖₂ (the paper passes d itself to scipy's linkage);
 * 3. single-linkage agglomerative clustering on d̃ (ties: the first pair in scan order);
 * 4. quasi-diagonal order: the dendrogram's leaves, left child first (scipy's to_tree order);
 * 5. recursive bisection of that ORDERED LIST into halves (⌊len/2⌋), splitting weight by
 *    α = 1 − V₀/(V₀ + V₁) where V is the variance of a cluster's inverse-variance portfolio.
 * Long-only, fully invested; needs no matrix inversion (works for singular Σ).
 */
import { correlationFromCovariance, invalidCovariance, type Matrix } from '../risk-metrics';

/** One merge of the dendrogram: clusters `left` and `right` (ids < n are assets, n + k is merge k). */
export interface Merge {
  readonly left: number;
  readonly right: number;
  readonly distance: number;
  readonly size: number;
}

/** HRP weights and the clustering behind them. */
export type HrpResult =
  | { readonly ok: true; readonly weights: number[]; readonly order: number[]; readonly linkage: Merge[] }
  | { readonly ok: false; readonly reason: string };

/** Step 1–2: d̃ from a correlation matrix. */
export function hrpDistances(corr: Matrix): number[][] {
  const n = corr.length;
  const d = corr.map((row) => row.map((r) => Math.sqrt(Math.max(0, 0.5 * (1 - r)))));
  return Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => {
      let s = 0;
      for (let k = 0; k < n; k += 1) s += ((d[k]?.[i] ?? 0) - (d[k]?.[j] ?? 0)) ** 2;
      return Math.sqrt(s);
    }),
  );
}

/** Step 3: single-linkage clustering (naive O(n³), fine for a few hundred assets). */
export function singleLinkage(dist: Matrix): Merge[] {
  const n = dist.length;
  const clusters = new Map<number, number[]>();
  for (let i = 0; i < n; i += 1) clusters.set(i, [i]);
  const merges: Merge[] = [];
  while (clusters.size > 1) {
    let best = { a: -1, b: -1, d: Infinity };
    const ids = [...clusters.keys()];
    for (let x = 0; x < ids.length; x += 1) {
      for (let y = x + 1; y < ids.length; y += 1) {
        const a = ids[x] ?? 0;
        const b = ids[y] ?? 0;
        let d = Infinity;
        for (const i of clusters.get(a) ?? []) for (const j of clusters.get(b) ?? []) d = Math.min(d, dist[i]?.[j] ?? Infinity);
        if (d < best.d) best = { a, b, d };
      }
    }
    const members = [...(clusters.get(best.a) ?? []), ...(clusters.get(best.b) ?? [])];
    clusters.delete(best.a);
    clusters.delete(best.b);
    clusters.set(n + merges.length, members);
    merges.push({ left: Math.min(best.a, best.b), right: Math.max(best.a, best.b), distance: best.d, size: members.length });
  }
  return merges;
}

/** Step 4: leaves of the dendrogram, left child first. */
export function quasiDiagonalOrder(merges: readonly Merge[], n: number): number[] {
  if (n === 1) return [0];
  const expand = (id: number): number[] => {
    if (id < n) return [id];
    const m = merges[id - n];
    return m === undefined ? [] : [...expand(m.left), ...expand(m.right)];
  };
  return expand(n + merges.length - 1);
}

/** Variance of the inverse-variance portfolio of a cluster. */
function clusterVariance(cov: Matrix, items: readonly number[]): number {
  const ivp = items.map((i) => 1 / (cov[i]?.[i] ?? Number.NaN));
  const s = ivp.reduce((a, b) => a + b, 0);
  let v = 0;
  items.forEach((i, a) => items.forEach((j, b) => (v += ((ivp[a] ?? 0) / s) * ((ivp[b] ?? 0) / s) * (cov[i]?.[j] ?? 0))));
  return v;
}

/** Step 5: recursive bisection of the ordered list. */
export function recursiveBisection(cov: Matrix, order: readonly number[]): number[] {
  const w = new Array<number>(cov.length).fill(0);
  for (const i of order) w[i] = 1;
  let clusters: number[][] = [[...order]];
  while (clusters.length > 0) {
    const next: number[][] = [];
    for (const c of clusters) {
      if (c.length <= 1) continue;
      const half = Math.floor(c.length / 2);
      const c0 = c.slice(0, half);
      const c1 = c.slice(half);
      const v0 = clusterVariance(cov, c0);
      const v1 = clusterVariance(cov, c1);
      const alpha = 1 - v0 / (v0 + v1);
      for (const i of c0) w[i] = (w[i] ?? 0) * alpha;
      for (const i of c1) w[i] = (w[i] ?? 0) * (1 - alpha);
      next.push(c0, c1);
    }
    clusters = next;
  }
  return w;
}

/** HRP weights of a covariance matrix (every variance must be positive). */
export function hierarchicalRiskParity(cov: Matrix): HrpResult {
  const reason = invalidCovariance(cov);
  if (reason !== null) return { ok: false, reason };
  const n = cov.length;
  if (n === 0) return { ok: false, reason: 'no assets' };
  for (let i = 0; i < n; i += 1) if (!((cov[i]?.[i] ?? 0) > 0)) return { ok: false, reason: `asset ${i} has zero variance` };
  const linkage = singleLinkage(hrpDistances(correlationFromCovariance(cov)));
  const order = quasiDiagonalOrder(linkage, n);
  return { ok: true, weights: recursiveBisection(cov, order), order, linkage };
}
