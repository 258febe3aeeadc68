import { bivariateNormCdf, erfc, erfcx, inverseNormCdf, normCdf, normPdf } from '../../../../layers/core/options';

/**
 * Independent references for Φ: the Maclaurin series Φ(z) = ½ + φ(z)·Σ z^{2n+1}/(2n+1)!! for |z| ≤ 3 and the
 * Laplace continued fraction Φ(−x) = φ(x)/(x + 1/(x + 2/(x + 3/(x + …)))) for x ≥ 3 (A&S 26.2.11, 26.2.14).
 */
function seriesCdf(z: number): number {
  let term = z;
  let sum = z;
  for (let n = 1; n < 200; n += 1) {
    term *= (z * z) / (2 * n + 1);
    sum += term;
    if (Math.abs(term) < 1e-18 * Math.abs(sum)) break;
  }
  return 0.5 + normPdf(z) * sum;
}
function continuedFractionLowerTail(x: number): number {
  let f = x;
  for (let k = 400; k >= 1; k -= 1) f = x + k / f; // evaluated from the tail: x + 1/(x + 2/(x + …))
  return normPdf(x) / f;
}

describe('normal distribution (Cody erfc, A&S 26.2.12 tail, AS 241)', () => {
  it('Φ matches the series on [−3, 3] to 1e-15 absolute', () => {
    for (let z = -3; z <= 3; z += 0.01) expect(Math.abs(normCdf(z) - seriesCdf(z))).toBeLessThan(1e-15);
  });
  it('Φ(−x) matches the continued fraction for x in [3, 37] (covers the asymptotic branch at −10)', () => {
    // The reference's own φ(x) = exp(−x²/2)/√(2π) carries about x²·ε/2 relative error from rounding x²/2.
    let worst = 0;
    for (let x = 3; x <= 37; x += 0.05) worst = Math.max(worst, Math.abs(normCdf(-x) / continuedFractionLowerTail(x) - 1) / (4e-15 + x * x * Number.EPSILON));
    expect(worst).toBeLessThan(1);
  });
  it('reproduces published values (A&S Table 26.1; erfc(1) = 0.157299207050285)', () => {
    expect(normCdf(1.96)).toBeCloseTo(0.9750021048517795, 15);
    expect(normCdf(-1)).toBeCloseTo(0.15865525393145705, 15);
    expect(erfc(1)).toBeCloseTo(0.157299207050285, 14);
    expect(erfcx(30)).toBeCloseTo(1 / (30 * Math.sqrt(Math.PI)) * (1 - 1 / (2 * 900) + 3 / (4 * 900 ** 2) - 15 / (8 * 900 ** 3) + 105 / (16 * 900 ** 4)), 14);
  });
  it('Φ⁻¹ inverts Φ (relative 2e-14·max(1, |z|)) over 1e-300 … 1 − 1e-6', () => {
    for (const u of [1e-300, 1e-100, 1e-20, 1e-8, 0.001, 0.02425, 0.3, 0.5, 0.7, 0.975, 0.999999]) {
      const z = inverseNormCdf(u);
      expect(Math.abs(normCdf(z) / u - 1)).toBeLessThan(2e-14 * Math.max(1, Math.abs(z)));
    }
    expect(inverseNormCdf(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(inverseNormCdf(1)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('bivariate normal (Genz 2004)', () => {
  /** Independent reference: M(a, b; ρ) = ∫_{−∞}^{a} φ(x)·Φ((b − ρx)/√(1 − ρ²)) dx by composite Simpson on [−12, a]. */
  function integrated(a: number, b: number, rho: number): number {
    const lo = -12;
    const n = 20000;
    const h = (a - lo) / n;
    const g = (x: number): number => normPdf(x) * normCdf((b - rho * x) / Math.sqrt(1 - rho * rho));
    let sum = g(lo) + g(a);
    for (let i = 1; i < n; i += 1) sum += (i % 2 === 1 ? 4 : 2) * g(lo + i * h);
    return (sum * h) / 3;
  }
  it('has the closed forms M(0,0;ρ) = ¼ + asin(ρ)/2π and M(a,b;0) = Φ(a)Φ(b)', () => {
    for (const rho of [-0.999, -0.9, -0.5, 0, 0.3, 0.8, 0.95, 0.999]) expect(bivariateNormCdf(0, 0, rho)).toBeCloseTo(0.25 + Math.asin(rho) / (2 * Math.PI), 14);
    expect(bivariateNormCdf(0.7, -1.2, 0)).toBeCloseTo(normCdf(0.7) * normCdf(-1.2), 15);
    expect(bivariateNormCdf(0.7, -1.2, 1)).toBeCloseTo(normCdf(-1.2), 15);
    expect(bivariateNormCdf(0.7, -1.2, -1)).toBeCloseTo(0, 15);
  });
  it('matches numerical integration to 1e-12 over all three ρ regimes', () => {
    for (const rho of [-0.97, -0.8, -0.4, 0.1, 0.5, 0.85, 0.97])
      for (const [a, b] of [[-2, 1], [0.5, 0.3], [1.5, -0.7], [-0.3, -2.2], [3, 2]] as const) {
        expect(Math.abs(bivariateNormCdf(a, b, rho) - integrated(a, b, rho))).toBeLessThan(1e-12);
      }
  });
});
