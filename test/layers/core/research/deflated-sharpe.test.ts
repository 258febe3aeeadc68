import { mulberry32 } from '../../../../layers/core/analytics';
import { normCdf, normPdf } from '../../../../layers/core/options/normal';
import {
  deflatedSharpeOfBest,
  deflatedSharpeRatio,
  expectedMaxSharpe,
  expectedMaxStandardNormal,
  probabilisticSharpeRatio,
  sampleVariance,
  sharpeMoments,
} from '../../../../layers/core/research';
import { excessKurtosis, skewness, standardNormal } from '../../../../layers/core/risk-metrics';

/** E[max of N iid standard normals] by quadrature of x · N φ(x) Φ(x)^(N−1) over [−10, 10] (Simpson, 4000 steps). */
function exactExpectedMax(N: number): number {
  const f = (x: number) => x * N * normPdf(x) * Math.pow(normCdf(x), N - 1);
  const a = -10;
  const b = 10;
  const m = 4000;
  const h = (b - a) / m;
  let s = f(a) + f(b);
  for (let i = 1; i < m; i += 1) s += (i % 2 === 1 ? 4 : 2) * f(a + i * h);
  return (s * h) / 3;
}

describe('deflated Sharpe ratio (Bailey & López de Prado 2014)', () => {
  it("reproduces the paper's numerical example: SR₀ ≈ 0.1132, DSR ≈ 0.9004", () => {
    // JPM 40(5) 2014, §"A numerical example": annualised SR 2.5 over 5 years of daily returns (T = 1250, 250 a
    // year), skewness −3, kurtosis 10, N = 100 trials with annualised SR variance 1/2. Per period: SR = 2.5/√250,
    // V = 0.5/250. The paper reports SR₀ = 0.1132 (non-annualised) and DSR = 0.9004.
    const r = deflatedSharpeRatio({ sharpe: 2.5 / Math.sqrt(250), observations: 1250, skewness: -3, kurtosis: 10, trials: 100, sharpeVariance: 0.5 / 250 });
    expect(r.benchmark).toBeCloseTo(0.1132, 4);
    expect(r.dsr).toBeCloseTo(0.9004, 4);
  });

  it('PSR: 0.5 at the benchmark; the normal special case by hand; non-normality widens the interval', () => {
    expect(probabilisticSharpeRatio({ sharpe: 0.1, benchmark: 0.1, observations: 100, skewness: -1, kurtosis: 8 })).toBeCloseTo(0.5, 14);
    // Normal returns: z = (0.1 − 0) · √99 / √(1 + 0.5 · 0.01).
    expect(probabilisticSharpeRatio({ sharpe: 0.1, benchmark: 0, observations: 100, skewness: 0, kurtosis: 3 })).toBeCloseTo(normCdf((0.1 * Math.sqrt(99)) / Math.sqrt(1.005)), 14);
    const normal = probabilisticSharpeRatio({ sharpe: 0.1, benchmark: 0, observations: 100, skewness: 0, kurtosis: 3 });
    const fat = probabilisticSharpeRatio({ sharpe: 0.1, benchmark: 0, observations: 100, skewness: -2, kurtosis: 12 });
    expect(fat).toBeLessThan(normal);
  });

  it("the expected-maximum approximation is within 3 % of the exact E[max] of N standard normals", () => {
    // Exact values by quadrature; tables (Tippett 1925; Harter 1961): N = 10 → 1.5388, N = 100 → 2.5076.
    expect(exactExpectedMax(10)).toBeCloseTo(1.5388, 4);
    expect(exactExpectedMax(100)).toBeCloseTo(2.5076, 4);
    for (const N of [10, 20, 50, 100, 1000]) {
      const rel = expectedMaxStandardNormal(N) / exactExpectedMax(N) - 1;
      expect(Math.abs(rel)).toBeLessThan(0.03);
    }
    expect(expectedMaxSharpe(1, 0.01)).toBe(0);
  });

  it('Monte Carlo: the mean maximum SR of 20 zero-edge trials matches E[max SR] (within 5 %)', () => {
    const gauss = standardNormal(mulberry32(2014));
    const N = 20;
    const T = 250;
    const reps = 150;
    let sumMax = 0;
    let sumVar = 0;
    const col = new Float64Array(T);
    const srs = new Float64Array(N);
    for (let r = 0; r < reps; r += 1) {
      for (let n = 0; n < N; n += 1) {
        for (let t = 0; t < T; t += 1) col[t] = 0.01 * gauss();
        srs[n] = sharpeMoments(col).sharpe;
      }
      sumMax += Math.max(...srs);
      sumVar += sampleVariance(srs);
    }
    const predicted = expectedMaxSharpe(N, sumVar / reps);
    const observed = sumMax / reps;
    expect(Math.abs(observed / predicted - 1)).toBeLessThan(0.05);
  });

  it('Monte Carlo: the PSR standard error with skewness and kurtosis matches the spread of SR̂ (exponential returns)', () => {
    // Returns E − 1 + 0.5 with E ~ Exp(1): true SR 0.5, skewness 2, kurtosis 9. Var(SR̂) ≈ (1 − γ₃SR + (γ₄−1)/4·SR²)/(T−1)
    // = 0.5/(T−1), half the normal-returns value (1 + SR²/2)/(T−1) = 1.125/(T−1).
    const random = mulberry32(99);
    const T = 100;
    const reps = 400;
    const srs = new Float64Array(reps);
    const x = new Float64Array(T);
    let calibrated = 0;
    for (let r = 0; r < reps; r += 1) {
      for (let t = 0; t < T; t += 1) x[t] = -Math.log(1 - random()) - 0.5;
      const m = sharpeMoments(x);
      srs[r] = m.sharpe;
      if (probabilisticSharpeRatio({ ...m, benchmark: 0.5 }) > 0.95) calibrated += 1;
    }
    const sd = Math.sqrt(sampleVariance(srs));
    expect(sd / Math.sqrt(0.5 / (T - 1))).toBeGreaterThan(0.85);
    expect(sd / Math.sqrt(0.5 / (T - 1))).toBeLessThan(1.15);
    expect(sd).toBeLessThan(0.8 * Math.sqrt(1.125 / (T - 1)));
    // At the true SR the PSR is roughly uniform: P(PSR > 0.95) near 5 % (finite-T bias allowed).
    expect(calibrated / reps).toBeGreaterThan(0.01);
    expect(calibrated / reps).toBeLessThan(0.12);
  });

  it('sharpeMoments agrees with risk-metrics skewness and kurtosis and with mean / sample std', () => {
    const gauss = standardNormal(mulberry32(5));
    const x = Float64Array.from({ length: 300 }, () => 0.001 + 0.01 * gauss() ** 3);
    const m = sharpeMoments(x);
    expect(m.skewness).toBeCloseTo(skewness(x), 12);
    expect(m.kurtosis).toBeCloseTo(excessKurtosis(x) + 3, 12);
    const mu = x.reduce((s, v) => s + v, 0) / x.length;
    expect(m.sharpe).toBeCloseTo(mu / Math.sqrt(sampleVariance(x)), 12);
    expect(sharpeMoments([1, 1, 1]).sharpe).toBeNaN();
  });

  it('deflatedSharpeOfBest picks the highest SR and deflates by the variance across trials', () => {
    const gauss = standardNormal(mulberry32(11));
    const trials = Array.from({ length: 10 }, (_, i) => Float64Array.from({ length: 200 }, () => 0.002 * i + 0.01 * gauss()));
    const r = deflatedSharpeOfBest(trials);
    const srs = trials.map((t) => sharpeMoments(t).sharpe);
    expect(r.best).toBe(srs.indexOf(Math.max(...srs)));
    expect(r.benchmark).toBeCloseTo(expectedMaxSharpe(10, sampleVariance(srs)), 14);
    expect(deflatedSharpeOfBest(trials, 1000).dsr).toBeLessThan(r.dsr);
  });
});
