/**
 * Mean-variance optimisation against closed forms (2-asset minimum variance, Σ⁻¹1 and Σ⁻¹μ
 * normalised), the KKT conditions, the efficient frontier, and R's documented solve.QP example.
 * Tolerances: 1e-9 on closed forms; KKT within 1e-9 of the gradient scale.
 */
import { mulberry32 } from '../../../../layers/core/analytics';
import {
  maximumSharpe,
  minimumVariance,
  solveQuadraticProgram,
  targetReturnPortfolio,
  unconstrainedTangencyWeights,
  type OptimisationResult,
} from '../../../../layers/core/allocation';
import { matVec, quadraticForm, solveLinear } from '../../../../layers/core/risk-metrics';

/** SYNTHETIC 5-asset covariance (per period) and means: Σ = AAᵀ + diag for a seeded A. */
function market(seed: number, n = 5): { cov: number[][]; mu: number[] } {
  const r = mulberry32(seed);
  const a = Array.from({ length: n }, () => Array.from({ length: 3 }, () => (r() - 0.3) * 0.02));
  const cov = a.map((ai, i) => a.map((aj, j) => ai.reduce((s, v, k) => s + v * (aj[k] ?? 0), 0) + (i === j ? 1e-4 * (1 + i) : 0)));
  const mu = Array.from({ length: n }, () => 0.0002 + r() * 0.001);
  return { cov, mu };
}

function weightsOf(r: OptimisationResult): number[] {
  if (!r.ok) throw new Error(r.reason);
  return r.weights;
}

/**
 * KKT of min ½wᵀΣw s.t. 1ᵀw = 1 (+ μᵀw = t), l ≤ w ≤ u: there are multipliers (λ, γ) such that
 * g = Σw − λ1 − γμ is 0 on free weights, ≥ 0 at a lower bound, ≤ 0 at an upper bound.
 * λ, γ are fitted by least squares on the free weights (two unknowns).
 */
function expectKkt(cov: number[][], w: number[], lower: number, upper: number, mu?: number[]): void {
  const g = matVec(cov, w);
  const scale = Math.max(...g.map(Math.abs));
  const tol = 1e-7 * scale;
  const free = w.map((_, i) => i).filter((i) => (w[i] ?? 0) > lower + 1e-9 && (w[i] ?? 0) < upper - 1e-9);
  let lambda: number;
  let gamma = 0;
  if (mu === undefined) {
    lambda = free.reduce((s, i) => s + (g[i] ?? 0), 0) / free.length;
  } else {
    // Solve [n Σμ; Σμ Σμ²][λ γ] = [Σg, Σgμ] over the free set.
    const s1 = free.length;
    const sm = free.reduce((s, i) => s + (mu[i] ?? 0), 0);
    const smm = free.reduce((s, i) => s + (mu[i] ?? 0) ** 2, 0);
    const sg = free.reduce((s, i) => s + (g[i] ?? 0), 0);
    const sgm = free.reduce((s, i) => s + (g[i] ?? 0) * (mu[i] ?? 0), 0);
    const sol = solveLinear([[s1, sm], [sm, smm]], [sg, sgm]);
    lambda = sol?.[0] ?? Number.NaN;
    gamma = sol?.[1] ?? Number.NaN;
  }
  w.forEach((wi, i) => {
    const resid = (g[i] ?? 0) - lambda - gamma * (mu?.[i] ?? 0);
    if (wi <= lower + 1e-9) expect(resid).toBeGreaterThanOrEqual(-tol);
    else if (wi >= upper - 1e-9) expect(resid).toBeLessThanOrEqual(tol);
    else expect(Math.abs(resid)).toBeLessThanOrEqual(tol);
  });
  expect(w.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
}

describe('quadprog wrapper', () => {
  it("R's solve.QP documented example: min −(0,5,0)ᵀb + ½bᵀb, Aᵀb ≥ (−8, 2, 0)", () => {
    const res = solveQuadraticProgram({
      D: [[1, 0, 0], [0, 1, 0], [0, 0, 1]],
      d: [0, 5, 0],
      constraints: [
        { a: [-4, -3, 0], b: -8, kind: 'ge' },
        { a: [2, 1, 0], b: 2, kind: 'ge' },
        { a: [0, -2, 1], b: 0, kind: 'ge' },
      ],
    });
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    // R: solution 0.4761905 1.0476190 2.0952381, value −2.380952, Lagrangian 0 0.2380952 2.0952381.
    expect(res.x[0]).toBeCloseTo(10 / 21, 9);
    expect(res.x[1]).toBeCloseTo(22 / 21, 9);
    expect(res.x[2]).toBeCloseTo(44 / 21, 9);
    expect(res.objective).toBeCloseTo(-50 / 21, 9);
    expect(res.multipliers[0]).toBeCloseTo(0, 9);
    expect(res.multipliers[1]).toBeCloseTo(5 / 21, 9);
    expect(res.multipliers[2]).toBeCloseTo(44 / 21, 9);
  });

  it('reports infeasible constraints and bad sizes as values; works with no constraints and with equalities listed after inequalities', () => {
    const inf = solveQuadraticProgram({ D: [[1]], d: [0], constraints: [{ a: [1], b: 1, kind: 'ge' }, { a: [-1], b: 0, kind: 'ge' }] });
    expect(inf.ok).toBe(false);
    expect(solveQuadraticProgram({ D: [[1, 0]], d: [0], constraints: [] }).ok).toBe(false);
    const free = solveQuadraticProgram({ D: [[2, 0], [0, 4]], d: [2, 4], constraints: [] });
    expect(free.ok && free.x).toEqual([expect.closeTo(1, 12), expect.closeTo(1, 12)]);
    const mixed = solveQuadraticProgram({ D: [[1, 0], [0, 1]], d: [0, 0], constraints: [{ a: [1, 0], b: 0.8, kind: 'ge' }, { a: [1, 1], b: 1, kind: 'eq' }] });
    expect(mixed.ok && mixed.x).toEqual([expect.closeTo(0.8, 12), expect.closeTo(0.2, 12)]);
    expect(mixed.ok && mixed.multipliers[0]).toBeCloseTo(0.6, 12);
  });
});

describe('minimum variance', () => {
  it('2 assets, unconstrained: w₁ = (σ₂² − σ₁₂)/(σ₁² + σ₂² − 2σ₁₂); long-only clips the short leg to 0', () => {
    const s1 = 0.1;
    const s2 = 0.3;
    for (const rho of [-0.5, 0, 0.3, 0.9]) {
      const c = rho * s1 * s2;
      const cov = [[s1 * s1, c], [c, s2 * s2]];
      const w1 = (s2 * s2 - c) / (s1 * s1 + s2 * s2 - 2 * c);
      const w = weightsOf(minimumVariance(cov, { longOnly: false }));
      expect(w[0]).toBeCloseTo(w1, 9);
      expect(w[1]).toBeCloseTo(1 - w1, 9);
      const lo = weightsOf(minimumVariance(cov));
      expect(lo[0]).toBeCloseTo(Math.min(1, w1), 9);
    }
  });

  it('n assets, unconstrained: Σ⁻¹1 / 1ᵀΣ⁻¹1', () => {
    const { cov } = market(3);
    const y = solveLinear(cov, cov.map(() => 1)) ?? [];
    const s = y.reduce((a, b) => a + b, 0);
    weightsOf(minimumVariance(cov, { longOnly: false })).forEach((wi, i) => expect(wi).toBeCloseTo((y[i] ?? 0) / s, 9));
  });

  it('long-only with a 30 % cap satisfies the KKT conditions, for several seeded markets', () => {
    for (let seed = 1; seed <= 8; seed += 1) {
      const { cov } = market(seed, 6);
      const w = weightsOf(minimumVariance(cov, { maxWeight: 0.3 }));
      w.forEach((wi) => {
        expect(wi).toBeGreaterThanOrEqual(-1e-12);
        expect(wi).toBeLessThanOrEqual(0.3 + 1e-12);
      });
      expectKkt(cov, w, 0, 0.3);
    }
  });

  it('refuses caps that cannot hold a fully invested portfolio', () => {
    const r = minimumVariance(market(1).cov, { maxWeight: 0.1 });
    expect(r.ok).toBe(false);
  });
});

describe('target return', () => {
  it('2 assets: the two equalities pin w₁ = (t − μ₂)/(μ₁ − μ₂)', () => {
    const cov = [[0.04, 0.006], [0.006, 0.09]];
    const w = weightsOf(targetReturnPortfolio([0.08, 0.12], cov, 0.1));
    expect(w[0]).toBeCloseTo(0.5, 9);
    expect(targetReturnPortfolio([0.08, 0.12], cov, 0.13).ok).toBe(false); // above the best asset, long-only
    expect(weightsOf(targetReturnPortfolio([0.08, 0.12], cov, 0.13, { longOnly: false }))[0]).toBeCloseTo(-0.25, 9);
  });

  it('KKT with a long-only constraint, and the achieved return equals the target', () => {
    const { cov, mu } = market(5, 6);
    const target = (Math.min(...mu) + Math.max(...mu)) / 2;
    const r = targetReturnPortfolio(mu, cov, target, { maxWeight: 0.5 });
    expect(r.ok && r.expectedReturn).toBeCloseTo(target, 12);
    expectKkt(cov, weightsOf(r), 0, 0.5, mu);
  });
});

describe('maximum Sharpe', () => {
  it('unconstrained equals Σ⁻¹(μ − rf) normalised', () => {
    const { cov, mu } = market(4);
    const closed = unconstrainedTangencyWeights(mu, cov, 0.0001) ?? [];
    const w = weightsOf(maximumSharpe(mu, cov, 0.0001, { longOnly: false }));
    w.forEach((wi, i) => expect(wi).toBeCloseTo(closed[i] ?? Number.NaN, 8));
  });

  it('long-only with caps: on the efficient frontier (equals the target-return portfolio at its own return) and beats random feasible portfolios', () => {
    for (let seed = 1; seed <= 5; seed += 1) {
      const { cov, mu } = market(seed, 6);
      const res = maximumSharpe(mu, cov, 0, { maxWeight: 0.35 });
      const w = weightsOf(res);
      w.forEach((wi) => {
        expect(wi).toBeGreaterThanOrEqual(-1e-10);
        expect(wi).toBeLessThanOrEqual(0.35 + 1e-10);
      });
      const frontier = weightsOf(targetReturnPortfolio(mu, cov, res.ok ? res.expectedReturn : 0, { maxWeight: 0.35 }));
      frontier.forEach((f, i) => expect(f).toBeCloseTo(w[i] ?? Number.NaN, 6));
      const best = res.ok ? res.sharpe : 0;
      const r = mulberry32(seed + 100);
      for (let k = 0; k < 300; k += 1) {
        // Random feasible point: uniform simplex draw mixed with the optimum, then checked against the cap.
        const e = mu.map(() => -Math.log(1 - r()));
        const s = e.reduce((a, b) => a + b, 0);
        const cand = e.map((v, i) => 0.5 * (v / s) + 0.5 * (w[i] ?? 0));
        if (cand.some((c) => c > 0.35)) continue;
        const sharpe = cand.reduce((a, c, i) => a + c * (mu[i] ?? 0), 0) / Math.sqrt(quadraticForm(cov, cand));
        expect(sharpe).toBeLessThanOrEqual(best + 1e-12);
      }
    }
  });

  it('fails as a value when no asset beats the risk-free rate long-only', () => {
    const { cov } = market(2, 3);
    const r = maximumSharpe([0.001, 0.002, 0.0015], cov, 0.01);
    expect(r.ok).toBe(false);
  });
});
