/** Risk parity and hierarchical risk parity against closed forms and hand-computed bisections. */
import { mulberry32 } from '../../../../layers/core/analytics';
import { hierarchicalRiskParity, hrpDistances, quasiDiagonalOrder, riskContributions, riskParity, singleLinkage } from '../../../../layers/core/allocation';

function randomCov(seed: number, n: number): number[][] {
  const r = mulberry32(seed);
  const a = Array.from({ length: n }, () => Array.from({ length: 4 }, () => (r() - 0.4) * 0.02));
  return a.map((ai, i) => a.map((aj, j) => ai.reduce((s, v, k) => s + v * (aj[k] ?? 0), 0) + (i === j ? 5e-5 * (1 + i) : 0)));
}

describe('risk parity (equal risk contribution)', () => {
  it('2 assets: inverse volatility whatever the correlation', () => {
    for (const rho of [-0.6, 0, 0.4, 0.95]) {
      const cov = [[0.04, rho * 0.2 * 0.1], [rho * 0.2 * 0.1, 0.01]];
      const r = riskParity(cov);
      if (!r.ok) throw new Error(r.reason);
      expect(r.weights[0]).toBeCloseTo(0.1 / 0.3, 10);
      expect(r.converged).toBe(true);
    }
  });

  it('diagonal Σ: w ∝ 1/σ_i', () => {
    const r = riskParity([[0.01, 0, 0], [0, 0.04, 0], [0, 0, 0.09]]);
    const inv = [10, 5, 10 / 3];
    const s = inv.reduce((a, b) => a + b);
    expect(r.ok && r.weights).toEqual(inv.map((v) => expect.closeTo(v / s, 12)));
  });

  it('general Σ: every risk contribution equals 1/n (and custom budgets are met)', () => {
    for (let seed = 1; seed <= 6; seed += 1) {
      const cov = randomCov(seed, 7);
      const r = riskParity(cov);
      if (!r.ok) throw new Error(r.reason);
      expect(r.converged).toBe(true);
      riskContributions(cov, r.weights).forEach((rc) => expect(rc).toBeCloseTo(1 / 7, 9));
      expect(r.weights.reduce((a, b) => a + b)).toBeCloseTo(1, 12);
      const budgets = [0.3, 0.2, 0.1, 0.1, 0.1, 0.1, 0.1];
      const b = riskParity(cov, { budgets });
      if (!b.ok) throw new Error(b.reason);
      b.riskContributions.forEach((rc, i) => expect(rc).toBeCloseTo(budgets[i] ?? 0, 9));
    }
  });

  it('refuses zero variance and bad budgets', () => {
    expect(riskParity([[0, 0], [0, 1]]).ok).toBe(false);
    expect(riskParity([[1, 0], [0, 1]], { budgets: [1, -1] }).ok).toBe(false);
  });
});

describe('hierarchical risk parity', () => {
  it('uncorrelated assets: HRP = inverse-variance weights', () => {
    const v = [0.01, 0.04, 0.02, 0.09, 0.05];
    const cov = v.map((vi, i) => v.map((_, j) => (i === j ? vi : 0)));
    const r = hierarchicalRiskParity(cov);
    if (!r.ok) throw new Error(r.reason);
    const inv = v.map((x) => 1 / x);
    const s = inv.reduce((a, b) => a + b);
    r.weights.forEach((w, i) => expect(w).toBeCloseTo((inv[i] ?? 0) / s, 12));
  });

  it('two correlated pairs {0, 2} and {1, 3}: the order keeps each pair together and the weights equal the hand bisection', () => {
    const sd = [0.1, 0.2, 0.15, 0.25];
    const rho = (i: number, j: number): number => (i === j ? 1 : (i % 2) === (j % 2) ? 0.8 : 0.1);
    const cov = sd.map((si, i) => sd.map((sj, j) => rho(i, j) * si * sj));
    const r = hierarchicalRiskParity(cov);
    if (!r.ok) throw new Error(r.reason);
    const [a, b, c, d] = r.order as [number, number, number, number];
    expect(a % 2).toBe(b % 2);
    expect(c % 2).toBe(d % 2);
    expect(a % 2).not.toBe(c % 2);
    // Hand bisection: V of a pair's inverse-variance portfolio, α = 1 − V₀/(V₀ + V₁), then split within each pair.
    const v = (i: number): number => cov[i]?.[i] ?? 0;
    const pairVar = (i: number, j: number): number => {
      const wi = (1 / v(i)) / (1 / v(i) + 1 / v(j));
      const wj = 1 - wi;
      return wi * wi * v(i) + wj * wj * v(j) + 2 * wi * wj * (cov[i]?.[j] ?? 0);
    };
    const v0 = pairVar(a, b);
    const v1 = pairVar(c, d);
    const alpha = 1 - v0 / (v0 + v1);
    const expected: Record<number, number> = {
      [a]: alpha * (v(b) / (v(a) + v(b))),
      [b]: alpha * (v(a) / (v(a) + v(b))),
      [c]: (1 - alpha) * (v(d) / (v(c) + v(d))),
      [d]: (1 - alpha) * (v(c) / (v(c) + v(d))),
    };
    r.weights.forEach((w, i) => expect(w).toBeCloseTo(expected[i] ?? Number.NaN, 12));
    expect(r.weights.reduce((x, y) => x + y)).toBeCloseTo(1, 12);
  });

  it('d̃ is the Euclidean distance between columns of d = √(½(1 − ρ)); single linkage merges the closest pair first', () => {
    const corr = [[1, 0.9, 0.1], [0.9, 1, 0.2], [0.1, 0.2, 1]];
    const dt = hrpDistances(corr);
    const d = corr.map((row) => row.map((x) => Math.sqrt(0.5 * (1 - x))));
    const expected01 = Math.sqrt([0, 1, 2].reduce((s, k) => s + ((d[k]?.[0] ?? 0) - (d[k]?.[1] ?? 0)) ** 2, 0));
    expect(dt[0]?.[1]).toBeCloseTo(expected01, 14);
    const link = singleLinkage(dt);
    expect(link[0]).toMatchObject({ left: 0, right: 1, size: 2 });
    expect(link[1]).toMatchObject({ left: 2, right: 3, size: 3 });
    expect(quasiDiagonalOrder(link, 3)).toEqual([2, 0, 1]);
  });

  it('long-only, fully invested on random markets; a single asset gets weight 1', () => {
    for (let seed = 1; seed <= 5; seed += 1) {
      const r = hierarchicalRiskParity(randomCov(seed, 9));
      if (!r.ok) throw new Error(r.reason);
      expect(r.weights.reduce((a, b) => a + b)).toBeCloseTo(1, 12);
      r.weights.forEach((w) => expect(w).toBeGreaterThan(0));
      expect([...r.order].sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    }
    const one = hierarchicalRiskParity([[0.04]]);
    expect(one.ok && one.weights).toEqual([1]);
  });
});
