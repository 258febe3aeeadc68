/**
 * Strictly convex quadratic programs: minimise ½xᵀDx − dᵀx subject to linear equalities aᵀx = b and
 * inequalities aᵀx ≥ b. Solved by the `quadprog` package (Goldfarb–Idnani dual active-set method,
 * exact on small dense problems, MIT, a port of the long-used R/Fortran routine); this module only
 * translates to its 1-based layout and back and classifies failures as values.
 */
import quadprog from 'quadprog';
import type { Matrix, Vector } from '../risk-metrics';

/** One linear constraint aᵀx = b or aᵀx ≥ b. */
export interface LinearConstraint {
  readonly a: Vector;
  readonly b: number;
  readonly kind: 'eq' | 'ge';
}

/** The problem. D must be symmetric positive definite (add a small ridge to a singular covariance). */
export interface QuadraticProgram {
  readonly D: Matrix;
  readonly d: Vector;
  readonly constraints: readonly LinearConstraint[];
}

/** A solution, with one Lagrange multiplier per constraint (in the given order; ≥ 0 for inequalities, 0 when inactive). */
export type QpResult =
  | { readonly ok: true; readonly x: number[]; readonly objective: number; readonly multipliers: number[]; readonly iterations: number }
  | { readonly ok: false; readonly reason: string };

/** Solves the program; expected failures (infeasible constraints, D not positive definite, bad sizes) are values. */
export function solveQuadraticProgram(problem: QuadraticProgram): QpResult {
  const n = problem.d.length;
  if (n === 0) return { ok: false, reason: 'no variables' };
  if (problem.D.length !== n || problem.D.some((row) => row.length !== n)) return { ok: false, reason: `D must be ${n}×${n}` };
  if (problem.constraints.some((c) => c.a.length !== n || !Number.isFinite(c.b))) return { ok: false, reason: `every constraint needs ${n} coefficients and a finite bound` };
  // Equalities first (quadprog's meq), remembering where each constraint came from.
  const order = problem.constraints.map((c, i) => ({ c, i })).sort((x, y) => (x.c.kind === y.c.kind ? x.i - y.i : x.c.kind === 'eq' ? -1 : 1));
  const meq = order.filter((o) => o.c.kind === 'eq').length;
  // quadprog needs at least one constraint column: a vacuous 0ᵀx ≥ −1 stands in when there is none.
  const columns = order.length > 0 ? order.map((o) => o.c) : [{ a: new Array<number>(n).fill(0), b: -1, kind: 'ge' as const }];
  const Dmat: number[][] = [[]];
  const Amat: number[][] = [[]];
  const dvec: number[] = [0];
  for (let i = 0; i < n; i += 1) {
    Dmat.push([0, ...(problem.D[i] ?? [])]);
    Amat.push([0, ...columns.map((c) => c.a[i] ?? 0)]);
    dvec.push(problem.d[i] ?? 0);
  }
  const bvec = [0, ...columns.map((c) => c.b)];
  const res = quadprog.solveQP(Dmat, dvec, Amat, bvec, meq);
  if (res.message !== '') return { ok: false, reason: res.message };
  const x = res.solution.slice(1, n + 1);
  if (x.length !== n || !x.every(Number.isFinite)) return { ok: false, reason: 'solver returned a non-finite solution' };
  const multipliers = new Array<number>(problem.constraints.length).fill(0);
  order.forEach((o, k) => {
    multipliers[o.i] = res.Lagrangian[k + 1] ?? 0;
  });
  return { ok: true, x, objective: res.value[1] ?? Number.NaN, multipliers, iterations: res.iterations[1] ?? 0 };
}
