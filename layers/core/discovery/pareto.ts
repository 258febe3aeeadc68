/**
 * Pareto dominance, non-dominated sorting and crowding distance as in NSGA-II (Deb, Pratap, Agarwal &
 * Meyarivan, IEEE TEC 6(2), 2002). Every objective is MAXIMISED (negate one to minimise it). A vector with a
 * NaN objective is treated as −∞ there (it never dominates on that objective).
 */

const val = (v: ArrayLike<number>, k: number): number => {
  const x = v[k] ?? Number.NaN;
  return Number.isNaN(x) ? Number.NEGATIVE_INFINITY : x;
};

/** True when a is at least as good as b on every objective and strictly better on one. */
export function dominates(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  let strictly = false;
  for (let k = 0; k < a.length; k += 1) {
    const x = val(a, k);
    const y = val(b, k);
    if (x < y) return false;
    if (x > y) strictly = true;
  }
  return strictly;
}

/** Fronts of indices: front 0 is non-dominated, front 1 is non-dominated once front 0 is removed, … (indices ascending in each). */
export function nonDominatedSort(objectives: readonly ArrayLike<number>[]): number[][] {
  const n = objectives.length;
  const dominatedBy = Array.from({ length: n }, () => [] as number[]);
  const count = new Int32Array(n);
  for (let i = 0; i < n; i += 1) {
    for (let j = i + 1; j < n; j += 1) {
      const a = objectives[i] ?? [];
      const b = objectives[j] ?? [];
      if (dominates(a, b)) {
        dominatedBy[i]?.push(j);
        count[j] = (count[j] ?? 0) + 1;
      } else if (dominates(b, a)) {
        dominatedBy[j]?.push(i);
        count[i] = (count[i] ?? 0) + 1;
      }
    }
  }
  const fronts: number[][] = [];
  let current = [] as number[];
  for (let i = 0; i < n; i += 1) if (count[i] === 0) current.push(i);
  while (current.length > 0) {
    fronts.push(current);
    const next: number[] = [];
    for (const i of current) {
      for (const j of dominatedBy[i] ?? []) {
        count[j] = (count[j] ?? 0) - 1;
        if (count[j] === 0) next.push(j);
      }
    }
    current = next.sort((a, b) => a - b);
  }
  return fronts;
}

/**
 * Crowding distance of each member of one front (same order as `front`): per objective, the members sorted
 * by it, the two extremes get +∞, the others the normalised gap between their neighbours, summed over
 * objectives. An objective with no spread adds nothing.
 */
export function crowdingDistance(objectives: readonly ArrayLike<number>[], front: readonly number[]): Float64Array {
  const m = front.length;
  const distance = new Float64Array(m);
  if (m === 0) return distance;
  const dims = objectives[front[0] ?? 0]?.length ?? 0;
  for (let k = 0; k < dims; k += 1) {
    const order = Array.from({ length: m }, (_, i) => i).sort((a, b) => val(objectives[front[a] ?? 0] ?? [], k) - val(objectives[front[b] ?? 0] ?? [], k) || a - b);
    const lo = val(objectives[front[order[0] ?? 0] ?? 0] ?? [], k);
    const hi = val(objectives[front[order[m - 1] ?? 0] ?? 0] ?? [], k);
    distance[order[0] ?? 0] = Number.POSITIVE_INFINITY;
    distance[order[m - 1] ?? 0] = Number.POSITIVE_INFINITY;
    const span = hi - lo;
    if (!(span > 0) || !Number.isFinite(span)) continue;
    for (let r = 1; r < m - 1; r += 1) {
      const prev = val(objectives[front[order[r - 1] ?? 0] ?? 0] ?? [], k);
      const next = val(objectives[front[order[r + 1] ?? 0] ?? 0] ?? [], k);
      const i = order[r] ?? 0;
      distance[i] = (distance[i] ?? 0) + (next - prev) / span;
    }
  }
  return distance;
}

/** Rank (front number) and crowding distance of every vector. */
export function rankAndCrowding(objectives: readonly ArrayLike<number>[]): { readonly rank: Int32Array; readonly crowding: Float64Array; readonly fronts: number[][] } {
  const fronts = nonDominatedSort(objectives);
  const rank = new Int32Array(objectives.length);
  const crowding = new Float64Array(objectives.length);
  fronts.forEach((front, r) => {
    const d = crowdingDistance(objectives, front);
    front.forEach((i, j) => {
      rank[i] = r;
      crowding[i] = d[j] ?? 0;
    });
  });
  return { rank, crowding, fronts };
}

/** NSGA-II's crowded comparison: lower rank wins, then larger crowding distance; 0 when tied. */
export function crowdedCompare(rank: ArrayLike<number>, crowding: ArrayLike<number>, a: number, b: number): number {
  const ra = rank[a] ?? 0;
  const rb = rank[b] ?? 0;
  if (ra !== rb) return ra - rb;
  const ca = crowding[a] ?? 0;
  const cb = crowding[b] ?? 0;
  if (ca === cb) return 0;
  return ca > cb ? -1 : 1;
}
