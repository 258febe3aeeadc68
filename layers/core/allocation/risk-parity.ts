/**
 * Risk parity (equal risk contribution, or any risk budget): long-only weights whose risk
 * contributions RC_i = w_i(Σw)_i / wᵀΣw equal the budgets b_i (Maillard, Roncalli & Teïletche 2010).
 * Solved by cyclical coordinate descent on the convex problem min ½yᵀΣy − Σ b_i ln y_i, y > 0
 * (Griveau-Billion, Richard & Roncalli 2013): each step solves σ_ii y_i² + c_i y_i − b_i = 0 with
 * c_i = Σ_{j≠i} σ_ij y_j in closed form; then w = y / Σy.
 */
import { invalidCovariance, matVec, quadraticForm, type Matrix } from '../risk-metrics';

/** Risk parity weights and how the iteration ended. */
export type RiskParityResult =
  | { readonly ok: true; readonly weights: number[]; readonly riskContributions: number[]; readonly iterations: number; readonly converged: boolean }
  | { readonly ok: false; readonly reason: string };

/** Risk contributions RC_i = w_i(Σw)_i / wᵀΣw (they sum to 1). */
export function riskContributions(cov: Matrix, w: readonly number[]): number[] {
  const g = matVec(cov, w);
  const v = quadraticForm(cov, w);
  return w.map((wi, i) => (wi * (g[i] ?? 0)) / v);
}

/** Risk-budget weights; `budgets` default to 1/n (equal risk contribution). Tolerance on max |Δy|/max y. */
export function riskParity(cov: Matrix, options: { readonly budgets?: readonly number[]; readonly tolerance?: number; readonly maxIterations?: number } = {}): RiskParityResult {
  const reason = invalidCovariance(cov);
  if (reason !== null) return { ok: false, reason };
  const n = cov.length;
  if (n === 0) return { ok: false, reason: 'no assets' };
  for (let i = 0; i < n; i += 1) if (!((cov[i]?.[i] ?? 0) > 0)) return { ok: false, reason: `asset ${i} has zero variance: its risk contribution cannot be set` };
  const rawBudgets = options.budgets ?? new Array<number>(n).fill(1 / n);
  if (rawBudgets.length !== n || !rawBudgets.every((b) => b > 0 && Number.isFinite(b))) return { ok: false, reason: `budgets must be ${n} positive numbers` };
  const total = rawBudgets.reduce((a, b) => a + b, 0);
  const b = rawBudgets.map((x) => x / total);
  const tol = options.tolerance ?? 1e-12;
  const maxIterations = options.maxIterations ?? 10_000;
  // Start from inverse volatility (exact for uncorrelated assets with equal budgets).
  const y = Array.from({ length: n }, (_, i) => 1 / Math.sqrt(cov[i]?.[i] ?? 1));
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations && !converged) {
    iterations += 1;
    let maxStep = 0;
    let maxY = 0;
    for (let i = 0; i < n; i += 1) {
      const row = cov[i] ?? [];
      let c = 0;
      for (let j = 0; j < n; j += 1) if (j !== i) c += (row[j] ?? 0) * (y[j] ?? 0);
      const s = row[i] ?? 1;
      const next = (-c + Math.sqrt(c * c + 4 * s * (b[i] ?? 0))) / (2 * s);
      maxStep = Math.max(maxStep, Math.abs(next - (y[i] ?? 0)));
      y[i] = next;
      maxY = Math.max(maxY, next);
    }
    converged = maxStep <= tol * maxY;
  }
  const sum = y.reduce((a, v) => a + v, 0);
  const weights = y.map((v) => v / sum);
  return { ok: true, weights, riskContributions: riskContributions(cov, weights), iterations, converged };
}
