/**
 * VaR/CVaR estimators against hand arithmetic, closed forms and a numerical integral.
 * Tolerances: closed forms 1e-12 relative; numerical integration 1e-7 absolute.
 */
import { mulberry32 } from '../../../../layers/core/analytics';
import { normPdf } from '../../../../layers/core/options';
import {
  cornishFisherQuantile,
  cornishFisherVar,
  cornishFisherVarFromMoments,
  excessKurtosis,
  gaussianVar,
  gaussianVarFromMoments,
  historicalTailCount,
  historicalVar,
  normalPartialMoments,
  skewness,
} from '../../../../layers/core/risk-metrics';

/** SYNTHETIC: iid Student-t-like fat-tailed returns (normal / sqrt(chi2/ν) with ν = 4). */
function fatTailed(n: number, seed: number): number[] {
  const r = mulberry32(seed);
  const normal = (): number => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
  return Array.from({ length: n }, () => {
    let chi = 0;
    for (let i = 0; i < 4; i += 1) chi += normal() ** 2;
    return 0.0005 + (0.01 * normal()) / Math.sqrt(chi / 4);
  });
}

describe('historical VaR (lower empirical quantile, k = ⌈n(1 − α)⌉)', () => {
  it('tail counts: Hull’s 500 scenarios at 99 % → 5th worst; 100 at 95 % → 5th; 250 at 99 % → 3rd; tiny samples → the worst', () => {
    expect(historicalTailCount(500, 0.99)).toBe(5);
    expect(historicalTailCount(100, 0.95)).toBe(5);
    expect(historicalTailCount(250, 0.99)).toBe(3);
    expect(historicalTailCount(10, 0.95)).toBe(1);
    expect(historicalTailCount(101, 0.95)).toBe(6); // 5.05 → 6
  });

  it('hand case: returns −1 %, −2 %, …, −100 % (shuffled) → VaR95 = 5th worst = 0.96, CVaR95 = mean of 1.00..0.96 = 0.98', () => {
    const r = Array.from({ length: 100 }, (_, i) => -(i + 1) / 100);
    const shuffled = [...r].sort((a, b) => Math.sin(a * 1e3) - Math.sin(b * 1e3));
    const e = historicalVar(shuffled, 0.95);
    expect(e.var).toBeCloseTo(0.96, 14);
    expect(e.cvar).toBeCloseTo(0.98, 14);
    const e99 = historicalVar(shuffled, 0.99);
    expect(e99.var).toBeCloseTo(1, 14);
    expect(e99.cvar).toBeCloseTo(1, 14);
  });

  it('a tail made of gains gives a negative VaR (sign convention: positive = loss)', () => {
    expect(historicalVar([0.01, 0.02, 0.03], 0.95).var).toBeCloseTo(-0.01, 15);
  });

  it('NaN on empty, non-finite or bad confidence', () => {
    expect(historicalVar([], 0.95).var).toBeNaN();
    expect(historicalVar([0.1, Number.NaN], 0.95).var).toBeNaN();
    expect(historicalVar([0.1, 0.2], 1).var).toBeNaN();
  });
});

describe('Gaussian VaR', () => {
  it('closed form: μ = 0.1 %, σ = 2 %: VaR95 = −μ + σ·1.6448536269514722, CVaR95 = −μ + σ·φ(z)/0.05', () => {
    const e = gaussianVarFromMoments({ mean: 0.001, sd: 0.02 }, 0.95);
    expect(e.var).toBeCloseTo(-0.001 + 0.02 * 1.6448536269514722, 12);
    expect(e.cvar).toBeCloseTo(-0.001 + (0.02 * 0.10313564037537128) / 0.05, 12);
    const e99 = gaussianVarFromMoments({ mean: 0, sd: 1 }, 0.99);
    expect(e99.var).toBeCloseTo(2.3263478740408408, 12);
    expect(e99.cvar).toBeCloseTo(2.6652142203458076, 10); // φ(2.3263)/0.01, a published ES_99 of N(0,1)
  });

  it('from a series uses the sample mean and sample σ (n − 1)', () => {
    const r = [0.01, -0.02, 0.015, -0.005, 0.0];
    const m = r.reduce((a, b) => a + b) / 5;
    const sd = Math.sqrt(r.reduce((a, b) => a + (b - m) ** 2, 0) / 4);
    expect(gaussianVar(r, 0.95).var).toBeCloseTo(-m + sd * 1.6448536269514722, 14);
    expect(gaussianVar(r, 0.95, { zeroMean: true }).var).toBeCloseTo(sd * 1.6448536269514722, 14);
  });
});

describe('moments (population moment ratios)', () => {
  it('hand case [1, 2, 3, 10]: m2 = 12.5, m3 = 45, m4 = 348.5', () => {
    expect(skewness([1, 2, 3, 10])).toBeCloseTo(45 / Math.pow(12.5, 1.5), 14);
    expect(excessKurtosis([1, 2, 3, 10])).toBeCloseTo(348.5 / 156.25 - 3, 14);
    expect(skewness([2, 2, 2])).toBeNaN();
  });
});

describe('Cornish–Fisher VaR and modified ES', () => {
  it('with S = K = 0 equals the Gaussian VaR and CVaR', () => {
    const cf = cornishFisherVarFromMoments({ mean: 0.001, sd: 0.02, skew: 0, excessKurtosis: 0 }, 0.99);
    const g = gaussianVarFromMoments({ mean: 0.001, sd: 0.02 }, 0.99);
    expect(cf.var).toBeCloseTo(g.var, 14);
    expect(cf.cvar).toBeCloseTo(g.cvar, 12);
  });

  it('the quantile expansion by hand at u = 0.05, S = −0.5, K = 3', () => {
    const z = -1.6448536269514722;
    const expected = z + ((z * z - 1) * -0.5) / 6 + ((z ** 3 - 3 * z) * 3) / 24 - ((2 * z ** 3 - 5 * z) * 0.25) / 36;
    expect(cornishFisherQuantile(0.05, -0.5, 3)).toBeCloseTo(expected, 14);
    const cf = cornishFisherVarFromMoments({ mean: 0.0005, sd: 0.01, skew: -0.5, excessKurtosis: 3 }, 0.95);
    expect(cf.var).toBeCloseTo(-(0.0005 + 0.01 * expected), 14);
  });

  it('partial moments J_m(g) = ∫_{−∞}^g x^m φ(x) dx agree with Simpson integration', () => {
    const g = -1.3;
    const j = normalPartialMoments(g);
    for (let m = 0; m <= 7; m += 1) {
      expect(j[m]).toBeCloseTo(simpson((x) => x ** m * normPdf(x), -14, g, 4000), 9);
    }
  });

  it('modified ES equals the tail mean of the Edgeworth density (numerical integral) over p', () => {
    for (const [s, k, alpha] of [
      [-0.6, 2.5, 0.95],
      [0.4, 1.0, 0.99],
      [-1.0, 5.0, 0.975],
    ] as const) {
      const p = 1 - alpha;
      const g = cornishFisherQuantile(p, s, k);
      const he3 = (x: number): number => x ** 3 - 3 * x;
      const he4 = (x: number): number => x ** 4 - 6 * x * x + 3;
      const he6 = (x: number): number => x ** 6 - 15 * x ** 4 + 45 * x * x - 15;
      const density = (x: number): number => normPdf(x) * (1 + (s / 6) * he3(x) + (k / 24) * he4(x) + ((s * s) / 72) * he6(x));
      const tailMean = simpson((x) => x * density(x), -14, g, 8000) / p;
      const cf = cornishFisherVarFromMoments({ mean: 0.0002, sd: 0.012, skew: s, excessKurtosis: k }, alpha);
      const expected = Math.max(-(0.0002 + 0.012 * tailMean), cf.var);
      expect(cf.cvar).toBeCloseTo(expected, 9);
    }
  });

  it('on a negatively skewed, fat-tailed mixture sample Cornish–Fisher VaR99 is nearer the historical VaR99 than the Gaussian', () => {
    // SYNTHETIC: 90 % N(0.1 %, 0.8 %), 10 % N(−1 %, 2 %): skew < 0, moderate excess kurtosis (where the expansion is meant to work;
    // with ν = 4 Student-t returns the sample kurtosis explodes and Cornish–Fisher overshoots, a known limitation).
    const u = mulberry32(7);
    const nrm = (): number => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
    const r = Array.from({ length: 4000 }, () => (u() < 0.9 ? 0.001 + 0.008 * nrm() : -0.01 + 0.02 * nrm()));
    expect(skewness(r)).toBeLessThan(-0.3);
    const h = historicalVar(r, 0.99).var;
    const g = gaussianVar(r, 0.99).var;
    const cf = cornishFisherVar(r, 0.99).var;
    expect(Math.abs(cf - h)).toBeLessThan(Math.abs(g - h));
  });
});

describe('properties over random fat-tailed samples', () => {
  it('CVaR ≥ VaR and VaR99 ≥ VaR95 (and CVaR99 ≥ CVaR95) for every method', () => {
    for (let seed = 1; seed <= 25; seed += 1) {
      const r = fatTailed(50 + seed * 37, seed);
      for (const f of [historicalVar, gaussianVar, cornishFisherVar]) {
        const v95 = f(r, 0.95);
        const v99 = f(r, 0.99);
        expect(v95.cvar).toBeGreaterThanOrEqual(v95.var);
        expect(v99.cvar).toBeGreaterThanOrEqual(v99.var);
        expect(v99.var).toBeGreaterThanOrEqual(v95.var - 1e-15);
        expect(v99.cvar).toBeGreaterThanOrEqual(v95.cvar - 1e-15);
      }
    }
  });
});

function simpson(f: (x: number) => number, a: number, b: number, n: number): number {
  const h = (b - a) / n;
  let s = f(a) + f(b);
  for (let i = 1; i < n; i += 1) s += (i % 2 === 1 ? 4 : 2) * f(a + i * h);
  return (s * h) / 3;
}
