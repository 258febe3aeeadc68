/** Weight constraints of a fully invested portfolio (Σw = 1) and their translation to QP rows. */
import type { LinearConstraint } from './qp';

/** Bounds on weights. Default: long-only, no cap. */
export interface WeightConstraints {
  /** w_i ≥ 0 for every asset. Default true. */
  readonly longOnly?: boolean;
  /** Upper bound per asset (one number for all, or one per asset). */
  readonly maxWeight?: number | readonly number[];
  /** Lower bound per asset (one number for all, or one per asset); with longOnly the larger of this and 0. */
  readonly minWeight?: number | readonly number[];
}

/** Resolved per-asset bounds (±Infinity where unbounded). */
export interface Bounds {
  readonly lower: number[];
  readonly upper: number[];
}

const per = (v: number | readonly number[] | undefined, i: number, fallback: number): number =>
  v === undefined ? fallback : typeof v === 'number' ? v : (v[i] ?? fallback);

/** Per-asset bounds, or a reason why they cannot hold a fully invested portfolio. */
export function resolveBounds(n: number, c: WeightConstraints = {}): Bounds | string {
  const longOnly = c.longOnly ?? true;
  if (Array.isArray(c.maxWeight) && c.maxWeight.length !== n) return `maxWeight has ${c.maxWeight.length} entries for ${n} assets`;
  if (Array.isArray(c.minWeight) && c.minWeight.length !== n) return `minWeight has ${c.minWeight.length} entries for ${n} assets`;
  const lower = Array.from({ length: n }, (_, i) => Math.max(per(c.minWeight, i, -Infinity), longOnly ? 0 : -Infinity));
  const upper = Array.from({ length: n }, (_, i) => per(c.maxWeight, i, Infinity));
  for (let i = 0; i < n; i += 1) {
    if (Number.isNaN(lower[i] ?? Number.NaN) || Number.isNaN(upper[i] ?? Number.NaN)) return `bound of asset ${i} is NaN`;
    if ((lower[i] ?? 0) > (upper[i] ?? 0)) return `asset ${i}: lower bound above upper bound`;
  }
  const sumUpper = upper.reduce((a, b) => a + b, 0);
  const sumLower = lower.reduce((a, b) => a + b, 0);
  if (sumUpper < 1 - 1e-12) return `weight caps sum to ${sumUpper} < 1: a fully invested portfolio is infeasible`;
  if (sumLower > 1 + 1e-12) return `weight floors sum to ${sumLower} > 1: a fully invested portfolio is infeasible`;
  return { lower, upper };
}

/** Rows w_i ≥ l_i and −w_i ≥ −u_i for the finite bounds (scaled by `budget` when a homogeneous variable stands for the weights). */
export function boundRows(bounds: Bounds, budget?: readonly number[]): LinearConstraint[] {
  const n = bounds.lower.length;
  const rows: LinearConstraint[] = [];
  const unit = (i: number, sign: number, level: number): number[] =>
    Array.from({ length: n }, (_, j) => (j === i ? sign : 0) - (budget === undefined ? 0 : sign * level * (budget[j] ?? 0)));
  for (let i = 0; i < n; i += 1) {
    const lo = bounds.lower[i] ?? -Infinity;
    const hi = bounds.upper[i] ?? Infinity;
    // Without a budget: w_i ≥ lo, −w_i ≥ −hi. With one (y = κw, κ = budgetᵀy): y_i − lo·κ ≥ 0, hi·κ − y_i ≥ 0.
    if (Number.isFinite(lo)) rows.push({ a: unit(i, 1, lo), b: budget === undefined ? lo : 0, kind: 'ge' });
    if (Number.isFinite(hi)) rows.push({ a: unit(i, -1, hi), b: budget === undefined ? -hi : 0, kind: 'ge' });
  }
  return rows;
}
