/**
 * Monte Carlo and bootstrap VaR: seeded determinism, convergence to closed forms at modest sizes
 * (tolerances stated per test: a few standard errors of a 20 000-draw quantile).
 */
import {
  bootstrapVar,
  covarianceMatrix,
  gaussianVarFromMoments,
  historicalVar,
  monteCarloVar,
  multivariateNormalSampler,
  quadraticForm,
} from '../../../../layers/core/risk-metrics';

const cov = [
  [4e-4, 1.2e-4, -2e-5],
  [1.2e-4, 2.25e-4, 3e-5],
  [-2e-5, 3e-5, 1e-4],
];

describe('multivariate normal sampler (Cholesky)', () => {
  it('sample mean and covariance of 20 000 draws match μ and Σ (within 5 % of each σ_iσ_j)', () => {
    const mean = [0.001, -0.0005, 0];
    const draw = multivariateNormalSampler(mean, cov, 42);
    const x = new Float64Array(3);
    const cols: number[][] = [[], [], []];
    for (let s = 0; s < 20_000; s += 1) {
      draw(x);
      for (let i = 0; i < 3; i += 1) cols[i]?.push(x[i] ?? 0);
    }
    const c = covarianceMatrix(cols);
    for (let i = 0; i < 3; i += 1) {
      const m = (cols[i] ?? []).reduce((a, b) => a + b) / 20_000;
      expect(Math.abs(m - (mean[i] ?? 0))).toBeLessThan(0.03 * Math.sqrt(cov[i]?.[i] ?? 0));
      for (let j = 0; j < 3; j += 1) {
        const scale = Math.sqrt((cov[i]?.[i] ?? 0) * (cov[j]?.[j] ?? 0));
        expect(Math.abs((c[i]?.[j] ?? 0) - (cov[i]?.[j] ?? 0))).toBeLessThan(0.05 * scale);
      }
    }
  });

  it('refuses a non-PSD or mis-sized covariance', () => {
    expect(() => multivariateNormalSampler([0, 0], [[1, 2], [2, 1]], 1)).toThrow(RangeError);
    expect(() => multivariateNormalSampler([0], cov, 1)).toThrow(RangeError);
  });
});

describe('Monte Carlo VaR of a linear portfolio', () => {
  const w = [0.5, 0.3, 0.2];

  it('is deterministic per seed and converges to the Gaussian closed form (±4 %)', () => {
    const a = monteCarloVar(w, cov, [0.95, 0.99], { scenarios: 20_000, seed: 9 });
    const b = monteCarloVar(w, cov, [0.95, 0.99], { scenarios: 20_000, seed: 9 });
    expect(a).toEqual(b);
    const sd = Math.sqrt(quadraticForm(cov, w));
    for (const e of a) {
      const g = gaussianVarFromMoments({ mean: 0, sd }, e.confidence);
      expect(Math.abs(e.var / g.var - 1)).toBeLessThan(0.04);
      expect(Math.abs(e.cvar / g.cvar - 1)).toBeLessThan(0.05);
      expect(e.cvar).toBeGreaterThanOrEqual(e.var);
      expect(e.observations).toBe(20_000);
    }
    expect(a[1]?.var).toBeGreaterThan(a[0]?.var ?? Infinity);
  });
});

describe('bootstrap VaR', () => {
  const r = Array.from({ length: 500 }, (_, i) => 0.01 * Math.sin(i * 1.7) + 0.002 * Math.cos(i * 0.3));

  it('one-period iid bootstrap approaches the historical VaR of the series (±5 %)', () => {
    const [b95] = bootstrapVar(r, [0.95], { scenarios: 20_000, seed: 3, horizon: 1 });
    expect(Math.abs((b95?.var ?? 0) / historicalVar(r, 0.95).var - 1)).toBeLessThan(0.05);
  });

  it('a 10-period horizon gives a larger VaR than one period; seeded', () => {
    const one = bootstrapVar(r, [0.99], { scenarios: 5_000, seed: 3, horizon: 1 });
    const ten = bootstrapVar(r, [0.99], { scenarios: 5_000, seed: 3, horizon: 10, meanBlockLength: 5 });
    expect(ten[0]?.var).toBeGreaterThan(one[0]?.var ?? Infinity);
    expect(bootstrapVar(r, [0.99], { scenarios: 5_000, seed: 3, horizon: 10 })).toEqual(bootstrapVar(r, [0.99], { scenarios: 5_000, seed: 3, horizon: 10 }));
  });
});
