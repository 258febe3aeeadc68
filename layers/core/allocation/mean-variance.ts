/**
 * Mean-variance optimisation (Markowitz): minimum variance, maximum Sharpe ratio and minimum variance
 * for a target return, fully invested (Σw = 1), long-only by default, with per-asset caps/floors.
 * μ and Σ are per period (any frequency, consistently); the risk-free rate is per the same period.
 * Solved as quadratic programs by ./qp (Goldfarb–Idnani). A singular Σ gets a ridge of 1e-12·mean(diag Σ).
 */
import { dot, invalidCovariance, quadraticForm, solveLinear, type Matrix } from '../risk-metrics';
import { boundRows, resolveBounds, type WeightConstraints } from './constraints';
import { solveQuadraticProgram, type LinearConstraint } from './qp';

/** An optimised portfolio, or why there is none. */
export type OptimisationResult =
  | {
      readonly ok: true;
      readonly weights: number[];
      /** wᵀμ (NaN when μ was not given). */
      readonly expectedReturn: number;
      /** √(wᵀΣw) per period. */
      readonly volatility: number;
      /** (wᵀμ − rf)/σ per period (NaN without μ). */
      readonly sharpe: number;
    }
  | { readonly ok: false; readonly reason: string };

function ridged(cov: Matrix): number[][] {
  const n = cov.length;
  let meanDiag = 0;
  for (let i = 0; i < n; i += 1) meanDiag += (cov[i]?.[i] ?? 0) / n;
  const eps = 1e-12 * Math.max(meanDiag, Number.MIN_VALUE);
  return cov.map((row, i) => row.map((v, j) => (i === j ? v + eps : v)));
}

function finish(weights: number[], cov: Matrix, mu: readonly number[] | undefined, riskFree: number): OptimisationResult {
  const volatility = Math.sqrt(Math.max(0, quadraticForm(cov, weights)));
  const expectedReturn = mu === undefined ? Number.NaN : dot(weights, mu);
  return { ok: true, weights, expectedReturn, volatility, sharpe: volatility > 0 ? (expectedReturn - riskFree) / volatility : Number.NaN };
}

function check(cov: Matrix, mu?: readonly number[]): string | null {
  const reason = invalidCovariance(cov);
  if (reason !== null) return reason;
  if (cov.length === 0) return 'no assets';
  if (mu !== undefined && (mu.length !== cov.length || !mu.every(Number.isFinite))) return `expected returns must be ${cov.length} finite numbers`;
  return null;
}

/** Minimum-variance portfolio: min wᵀΣw s.t. Σw = 1 and the bounds. */
export function minimumVariance(cov: Matrix, constraints: WeightConstraints = {}): OptimisationResult {
  const bad = check(cov);
  if (bad !== null) return { ok: false, reason: bad };
  const n = cov.length;
  const bounds = resolveBounds(n, constraints);
  if (typeof bounds === 'string') return { ok: false, reason: bounds };
  const rows: LinearConstraint[] = [{ a: new Array<number>(n).fill(1), b: 1, kind: 'eq' }, ...boundRows(bounds)];
  const res = solveQuadraticProgram({ D: ridged(cov), d: new Array<number>(n).fill(0), constraints: rows });
  return res.ok ? finish(res.x, cov, undefined, 0) : res;
}

/** Minimum variance for a target expected return: min wᵀΣw s.t. Σw = 1, wᵀμ = target, bounds. */
export function targetReturnPortfolio(mu: readonly number[], cov: Matrix, target: number, constraints: WeightConstraints = {}, riskFree = 0): OptimisationResult {
  const bad = check(cov, mu);
  if (bad !== null) return { ok: false, reason: bad };
  if (!Number.isFinite(target)) return { ok: false, reason: 'target return must be finite' };
  const n = cov.length;
  const bounds = resolveBounds(n, constraints);
  if (typeof bounds === 'string') return { ok: false, reason: bounds };
  const rows: LinearConstraint[] = [
    { a: new Array<number>(n).fill(1), b: 1, kind: 'eq' },
    { a: [...mu], b: target, kind: 'eq' },
    ...boundRows(bounds),
  ];
  const res = solveQuadraticProgram({ D: ridged(cov), d: new Array<number>(n).fill(0), constraints: rows });
  if (!res.ok) return { ok: false, reason: `target return ${target} is not attainable under the constraints (${res.reason})` };
  return finish(res.x, cov, mu, riskFree);
}

/**
 * Maximum Sharpe ratio (tangency) portfolio. With excess returns e = μ − rf, the problem is
 * homogeneous: min yᵀΣy s.t. eᵀy = 1, κ = Σy ≥ 0 and the bounds written as y_i − l_i·κ ≥ 0,
 * u_i·κ − y_i ≥ 0; then w = y/κ (Cornuejols & Tütüncü, Optimization Methods in Finance, §8.2).
 * Without bounds this is w = Σ⁻¹e / 1ᵀΣ⁻¹e. Needs some attainable positive excess return.
 */
export function maximumSharpe(mu: readonly number[], cov: Matrix, riskFree = 0, constraints: WeightConstraints = {}): OptimisationResult {
  const bad = check(cov, mu);
  if (bad !== null) return { ok: false, reason: bad };
  const n = cov.length;
  const bounds = resolveBounds(n, constraints);
  if (typeof bounds === 'string') return { ok: false, reason: bounds };
  const excess = mu.map((m) => m - riskFree);
  const ones = new Array<number>(n).fill(1);
  const rows: LinearConstraint[] = [{ a: excess, b: 1, kind: 'eq' }, { a: ones, b: 0, kind: 'ge' }, ...boundRows(bounds, ones)];
  const res = solveQuadraticProgram({ D: ridged(cov), d: new Array<number>(n).fill(0), constraints: rows });
  if (!res.ok) return { ok: false, reason: `no portfolio with a positive excess return under the constraints (${res.reason})` };
  const kappa = res.x.reduce((a, b) => a + b, 0);
  if (!(kappa > 1e-12 * Math.max(...res.x.map(Math.abs)))) return { ok: false, reason: 'the tangency portfolio has zero net investment (Σw = 0): maximum Sharpe is unbounded or undefined' };
  return finish(res.x.map((y) => y / kappa), cov, mu, riskFree);
}

/** Closed-form unconstrained tangency weights Σ⁻¹(μ − rf) / 1ᵀΣ⁻¹(μ − rf); null when Σ is singular. */
export function unconstrainedTangencyWeights(mu: readonly number[], cov: Matrix, riskFree = 0): number[] | null {
  const y = solveLinear(cov, mu.map((m) => m - riskFree));
  if (y === null) return null;
  const s = y.reduce((a, b) => a + b, 0);
  return y.map((v) => v / s);
}
