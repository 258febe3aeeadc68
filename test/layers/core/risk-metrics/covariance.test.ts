/** Covariance, correlation, Ledoit–Wolf, betas and component VaR against hand arithmetic and independent formulas. */
import { alphaBeta } from '../../../../layers/core/analytics';
import {
  assetBetas,
  cholesky,
  correlationMatrix,
  covarianceMatrix,
  ledoitWolf,
  parametricVarDecomposition,
  portfolioBeta,
  quadraticForm,
  solveLinear,
} from '../../../../layers/core/risk-metrics';

/** SYNTHETIC: 10 periods × 3 assets (assets 0 and 1 strongly correlated, 2 nearly independent). */
const X = [
  [0.01, 0.012, -0.004],
  [0.03, 0.025, 0.01],
  [-0.02, -0.018, 0.002],
  [0.0, 0.004, -0.01],
  [0.015, 0.01, 0.006],
  [-0.012, -0.015, 0.001],
  [0.022, 0.018, -0.003],
  [-0.005, -0.002, 0.008],
  [0.008, 0.011, -0.006],
  [-0.025, -0.021, 0.004],
];
const series = [0, 1, 2].map((j) => X.map((row) => row[j] ?? Number.NaN));

describe('covariance and correlation', () => {
  it('2-asset hand case: x = (1, 2, 3), y = (2, 4, 7): var x = 1, var y = 6.333…, cov = 2.5 (n − 1)', () => {
    const c = covarianceMatrix([[1, 2, 3], [2, 4, 7]]);
    expect(c[0]?.[0]).toBeCloseTo(1, 14);
    expect(c[1]?.[1]).toBeCloseTo(19 / 3, 14);
    expect(c[0]?.[1]).toBeCloseTo(2.5, 14);
    expect(c[1]?.[0]).toBeCloseTo(2.5, 14);
    const p = covarianceMatrix([[1, 2, 3], [2, 4, 7]], 'population');
    expect(p[0]?.[1]).toBeCloseTo(2.5 * (2 / 3), 14);
    const r = correlationMatrix([[1, 2, 3], [2, 4, 7]]);
    expect(r[0]?.[1]).toBeCloseTo(2.5 / Math.sqrt(19 / 3), 14);
    expect(r[0]?.[0]).toBe(1);
  });

  it('throws on ragged or non-finite series', () => {
    expect(() => covarianceMatrix([[1, 2], [1, 2, 3]])).toThrow(RangeError);
    expect(() => covarianceMatrix([[1, Number.NaN]])).toThrow(RangeError);
  });
});

describe('Ledoit–Wolf (2004) shrinkage towards μI', () => {
  it('matches reference values of the published formula (computed with NumPy in scikit-learn’s algebra) on a 10 × 3 case', () => {
    // Reference: scikit-learn's ledoit_wolf_shrinkage algebra evaluated in NumPy 2.4 on X above (assume_centered = false).
    const lw = ledoitWolf(series);
    expect(lw.shrinkage).toBeCloseTo(0.15773263769967055, 12);
    expect(lw.target).toBeCloseTo(0.00018520333333333334, 16);
    const expected = [
      [0.000274657742325377, 0.00021257143689735718, 2.1562044474888417e-6],
      [0.00021257143689735718, 0.00022010408526918466, -5.744263410888246e-6],
      [2.1562044474888417e-6, -5.744263410888246e-6, 6.084817240543835e-5],
    ];
    for (let i = 0; i < 3; i += 1) for (let j = 0; j < 3; j += 1) expect(lw.covariance[i]?.[j]).toBeCloseTo(expected[i]?.[j] ?? Number.NaN, 15);
  });

  it('agrees with a second implementation (sklearn’s β = (1/(pn))(Σ‖x_k‖⁴-type sums/n − ‖S‖²) identity) on random data', () => {
    let state = 11;
    const rnd = (): number => ((state = (state * 48271) % 2147483647) / 2147483647) - 0.5;
    const n = 30;
    const p = 5;
    const data = Array.from({ length: p }, () => Array.from({ length: n }, () => rnd() * 0.04));
    const lw = ledoitWolf(data);
    // Second implementation, the scikit-learn algebra written out.
    const xc = data.map((s) => {
      const m = s.reduce((a, b) => a + b) / n;
      return s.map((v) => v - m);
    });
    const tr = xc.map((s) => s.reduce((a, v) => a + v * v, 0) / n);
    const mu = tr.reduce((a, b) => a + b) / p;
    let betaSum = 0;
    let deltaSum = 0;
    for (let i = 0; i < p; i += 1) {
      for (let j = 0; j < p; j += 1) {
        let b = 0;
        let d = 0;
        for (let k = 0; k < n; k += 1) {
          b += (xc[i]?.[k] ?? 0) ** 2 * (xc[j]?.[k] ?? 0) ** 2;
          d += (xc[i]?.[k] ?? 0) * (xc[j]?.[k] ?? 0);
        }
        betaSum += b;
        deltaSum += d * d;
      }
    }
    deltaSum /= n * n;
    let beta = (betaSum / n - deltaSum) / (p * n);
    const delta = (deltaSum - 2 * mu * tr.reduce((a, b) => a + b) + p * mu * mu) / p;
    beta = Math.min(beta, delta);
    expect(lw.shrinkage).toBeCloseTo(beta / delta, 12);
    expect(lw.shrinkage).toBeGreaterThan(0);
    expect(lw.shrinkage).toBeLessThanOrEqual(1);
  });

  it('a sample covariance that is already μI is not shrunk; the shrunk matrix is positive definite', () => {
    const lw = ledoitWolf([[1, -1, 0, 0], [0, 0, 1, -1]]);
    expect(lw.shrinkage).toBe(0);
    expect(cholesky(ledoitWolf(series).covariance)).not.toBeNull();
  });
});

describe('betas', () => {
  it('asset betas equal cov(r_i, r_b)/var(r_b); portfolio beta is Σ w_i β_i and equals the beta of the weighted series', () => {
    const bench = X.map((r) => ((r[0] ?? 0) + (r[1] ?? 0) + (r[2] ?? 0)) / 3);
    const betas = assetBetas(series, bench).map((b) => b.beta);
    const c = covarianceMatrix([...series, bench]);
    for (let i = 0; i < 3; i += 1) expect(betas[i]).toBeCloseTo((c[i]?.[3] ?? 0) / (c[3]?.[3] ?? 1), 12);
    const w = [0.5, 0.3, 0.2];
    const port = X.map((r) => w.reduce((a, wi, i) => a + wi * (r[i] ?? 0), 0));
    expect(portfolioBeta(w, betas)).toBeCloseTo(alphaBeta(port, bench, 252).beta, 12);
    // Equal-weighted benchmark: the equal-weighted betas average to exactly 1.
    expect(portfolioBeta([1 / 3, 1 / 3, 1 / 3], betas)).toBeCloseTo(1, 12);
  });
});

describe('marginal and component VaR (parametric, Euler)', () => {
  const cov = covarianceMatrix(series);
  const w = [400_000, -150_000, 250_000];
  const mu = [0.0004, 0.0002, 0.0001];

  it('components sum to the portfolio VaR; VaR = −wᵀμ + z√(wᵀΣw)', () => {
    const d = parametricVarDecomposition(w, cov, 0.99, mu);
    const sigma = Math.sqrt(quadraticForm(cov, w));
    expect(d.var).toBeCloseTo(-(400_000 * 0.0004 - 150_000 * 0.0002 + 250_000 * 0.0001) + 2.3263478740408408 * sigma, 6);
    expect(d.component.reduce((a, b) => a + b)).toBeCloseTo(d.var, 6);
    expect(d.componentShare.reduce((a, b) => a + b)).toBeCloseTo(1, 12);
  });

  it('marginal VaR equals a central finite difference of VaR(w)', () => {
    const d = parametricVarDecomposition(w, cov, 0.95, mu);
    for (let i = 0; i < 3; i += 1) {
      const h = 1;
      const up = [...w];
      const dn = [...w];
      up[i] = (up[i] ?? 0) + h;
      dn[i] = (dn[i] ?? 0) - h;
      const fd = (parametricVarDecomposition(up, cov, 0.95, mu).var - parametricVarDecomposition(dn, cov, 0.95, mu).var) / (2 * h);
      expect(d.marginal[i]).toBeCloseTo(fd, 8);
    }
  });

  it('hand case: two uncorrelated assets σ = (1 %, 2 %), w = (1, 1), zero mean: component_i = z·w_i²σ_i²/σ_p', () => {
    const d = parametricVarDecomposition([1, 1], [[1e-4, 0], [0, 4e-4]], 0.95);
    const sp = Math.sqrt(5e-4);
    expect(d.component[0]).toBeCloseTo((1.6448536269514722 * 1e-4) / sp, 14);
    expect(d.component[1]).toBeCloseTo((1.6448536269514722 * 4e-4) / sp, 14);
  });
});

describe('linear algebra', () => {
  it('Cholesky LLᵀ = Σ; PSD singular matrices factor with a zero column; indefinite ones are refused', () => {
    const s = [[4, 2, 0.4], [2, 2, 0.3], [0.4, 0.3, 1]];
    const l = cholesky(s);
    expect(l).not.toBeNull();
    for (let i = 0; i < 3; i += 1) for (let j = 0; j < 3; j += 1) {
      let v = 0;
      for (let k = 0; k < 3; k += 1) v += (l?.[i]?.[k] ?? 0) * (l?.[j]?.[k] ?? 0);
      expect(v).toBeCloseTo(s[i]?.[j] ?? 0, 14);
    }
    expect(cholesky([[1, 1], [1, 1]])).toEqual([[1, 0], [1, 0]]);
    expect(cholesky([[1, 2], [2, 1]])).toBeNull();
    expect(solveLinear([[2, 1], [1, 3]], [3, 5])).toEqual([expect.closeTo(0.8, 14), expect.closeTo(1.4, 14)]);
    expect(solveLinear([[1, 2], [2, 4]], [1, 2])).toBeNull();
  });
});
