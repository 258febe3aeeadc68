import { alphaBeta, mulberry32 } from '../../../../layers/core/analytics';

/** Independent reference: the textbook sums formula β = (nΣxy − ΣxΣy) / (nΣx² − (Σx)²), α = (Σy − βΣx) / n. */
function referenceOls(y: readonly number[], x: readonly number[]): { alpha: number; beta: number } {
  const n = x.length;
  let sx = 0;
  let sy = 0;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i += 1) {
    const xi = x[i] ?? 0;
    const yi = y[i] ?? 0;
    sx += xi;
    sy += yi;
    sxy += xi * yi;
    sxx += xi * xi;
  }
  const beta = (n * sxy - sx * sy) / (n * sxx - sx * sx);
  return { beta, alpha: (sy - beta * sx) / n };
}

describe('alpha and beta', () => {
  it('recovers an exact linear relation s = 0.0004 + 1.5·b', () => {
    const rand = mulberry32(3);
    const b = Array.from({ length: 300 }, () => (rand() - 0.5) * 0.04);
    const s = b.map((x) => 0.0004 + 1.5 * x);
    const ab = alphaBeta(s, b, 252);
    expect(ab.beta).toBeCloseTo(1.5, 12);
    expect(ab.alphaPerPeriod).toBeCloseTo(0.0004, 14);
    expect(ab.alpha).toBeCloseTo(0.0004 * 252, 12);
    expect(ab.correlation).toBeCloseTo(1, 12);
  });

  it('matches the sums formula on noisy data, with a risk-free rate (tolerance 1e-10 relative)', () => {
    const rand = mulberry32(11);
    const b = Array.from({ length: 500 }, () => (rand() - 0.5) * 0.03);
    const s = b.map((x) => 0.0002 + 0.8 * x + (rand() - 0.5) * 0.02);
    const rf = 0.0001;
    const ref = referenceOls(
      s.map((v) => v - rf),
      b.map((v) => v - rf),
    );
    const ab = alphaBeta(s, b, 252, rf);
    expect(Math.abs(ab.beta - ref.beta)).toBeLessThan(1e-10 * Math.abs(ref.beta));
    expect(ab.alphaPerPeriod).toBeCloseTo(ref.alpha, 12);
    expect(ab.alpha).toBeCloseTo(ref.alpha * 252, 10);
    expect(ab.rSquared).toBeGreaterThan(0);
    expect(ab.rSquared).toBeLessThan(1);
  });

  it('mismatched lengths or a flat benchmark give NaN, not a throw', () => {
    expect(alphaBeta([0.01, 0.02], [0.01], 252).beta).toBeNaN();
    expect(alphaBeta([0.01, 0.02, 0.03], [0.01, 0.01, 0.01], 252).beta).toBeNaN();
  });
});
