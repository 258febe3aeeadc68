import {
  annualisedVolatility,
  cagr,
  calmarRatio,
  downsideDeviation,
  perPeriodRate,
  periodReturns,
  sharpeRatio,
  sortinoRatio,
  totalReturn,
} from '../../../../layers/core/analytics';

describe('return-based metrics on a hand-computed series', () => {
  // Equity 100 → 110 → 99 → 108.9: simple returns +0.1, −0.1, +0.1.
  const equity = Float64Array.from([100, 110, 99, 108.9]);
  const r = periodReturns(equity);

  it('period returns, total return', () => {
    expect(Array.from(r)).toEqual([expect.closeTo(0.1, 14), expect.closeTo(-0.1, 14), expect.closeTo(0.1, 14)]);
    expect(totalReturn(equity)).toBeCloseTo(0.089, 14); // 108.9 / 100 − 1
  });

  it('Sharpe: mean 1/30, sample var (2·(1/15)² + (2/15)²)/2 = 1/75, so per-period ratio √3/6', () => {
    const perPeriod = Math.sqrt(3) / 6; // (1/30) / (1/√75) = √75/30 = 5√3/30
    expect(sharpeRatio(r, { periodsPerYear: 1 })).toBeCloseTo(perPeriod, 12);
    expect(sharpeRatio(r, { periodsPerYear: 252 })).toBeCloseTo(perPeriod * Math.sqrt(252), 11);
    // Population std: var = (2/75)/3 = 2/225, std = √2/15; ratio = (1/30)·15/√2 = 1/(2√2).
    expect(sharpeRatio(r, { periodsPerYear: 1, denominator: 'population' })).toBeCloseTo(1 / (2 * Math.SQRT2), 12);
    expect(annualisedVolatility(r, 252)).toBeCloseTo(Math.sqrt(252 / 75), 12);
  });

  it('Sortino: downside squares (−0.1)² over n = 3 periods → DD = √(1/300); ratio (1/30)/DD = √3/3', () => {
    expect(downsideDeviation(r, 0)).toBeCloseTo(Math.sqrt(1 / 300), 14);
    expect(sortinoRatio(r, 1, 0)).toBeCloseTo(Math.sqrt(3) / 3, 12);
    expect(sortinoRatio(r, 252, 0)).toBeCloseTo((Math.sqrt(3) / 3) * Math.sqrt(252), 11);
    // Target 0.05: r − T = +0.05, −0.15, +0.05; only −0.15 is a shortfall → DD = √(0.0225/3); mean − T = −1/60.
    expect(sortinoRatio(r, 1, 0.05)).toBeCloseTo(-1 / 60 / Math.sqrt(0.0225 / 3), 12);
  });

  it('CAGR over one year of 3 periods equals the total return; over 3/252 years it compounds', () => {
    expect(cagr(equity, 3)).toBeCloseTo(0.089, 14);
    expect(cagr(equity, 252)).toBeCloseTo(Math.pow(1.089, 84) - 1, 10);
    expect(cagr(equity, 252, 2)).toBeCloseTo(Math.sqrt(1.089) - 1, 14);
  });

  it('log returns are ln(E_t / E_{t−1}) and sum to ln(E_n / E_0)', () => {
    const lr = periodReturns(equity, 'log');
    expect(lr[0]).toBeCloseTo(Math.log(1.1), 14);
    expect(lr[1]).toBeCloseTo(Math.log(0.9), 14);
    expect(lr.reduce((a, b) => a + b, 0)).toBeCloseTo(Math.log(1.089), 14);
  });
});

describe('closed forms and edge cases', () => {
  it('constant growth: CAGR exact, volatility ~0, Sharpe NaN (zero volatility), Sortino Infinity', () => {
    const g = 0.001;
    const equity = Float64Array.from({ length: 253 }, (_, i) => 100 * Math.pow(1 + g, i));
    expect(cagr(equity, 252)).toBeCloseTo(Math.pow(1 + g, 252) - 1, 12);
    const r = periodReturns(equity);
    expect(annualisedVolatility(r, 252)).toBeLessThan(1e-12);
    expect(sharpeRatio(r, { periodsPerYear: 252 })).toBeNaN();
    expect(sortinoRatio(r, 252, 0)).toBe(Number.POSITIVE_INFINITY);
  });

  it('a symmetric series has Sharpe 0 and Sortino 0', () => {
    const r = [0.01, -0.01, 0.02, -0.02, 0.03, -0.03];
    expect(sharpeRatio(r, { periodsPerYear: 252 })).toBeCloseTo(0, 14);
    expect(sortinoRatio(r, 252, 0)).toBeCloseTo(0, 14);
  });

  it('risk-free conversion compounds back to the annual rate, and shifts Sharpe by rf/std', () => {
    const rf = perPeriodRate(0.05, 252);
    expect(Math.pow(1 + rf, 252)).toBeCloseTo(1.05, 13);
    expect(perPeriodRate(0.05, 252, 'log') * 252).toBeCloseTo(Math.log(1.05), 14);
    const r = [0.01, -0.005, 0.002, 0.007, -0.003];
    const s = Math.sqrt(r.reduce((a, x) => a + (x - 0.0022) ** 2, 0) / 4); // mean = 0.011/5 = 0.0022
    expect(sharpeRatio(r, { periodsPerYear: 252, riskFreePerPeriod: rf })).toBeCloseTo(((0.0022 - rf) / s) * Math.sqrt(252), 10);
  });

  it('degenerate inputs give NaN or documented values, never throw', () => {
    expect(totalReturn([100])).toBeNaN();
    expect(cagr([100], 252)).toBeNaN();
    expect(cagr([100, 0], 252)).toBe(-1);
    expect(periodReturns([])).toHaveLength(0);
    expect(sharpeRatio([], { periodsPerYear: 252 })).toBeNaN();
    expect(sharpeRatio([0.01], { periodsPerYear: 252 })).toBeNaN();
    expect(sortinoRatio([], 252)).toBeNaN();
    expect(sortinoRatio([0, 0], 252, 0)).toBeNaN();
    expect(calmarRatio(0.1, 0)).toBe(Number.POSITIVE_INFINITY);
    expect(calmarRatio(0, 0)).toBeNaN();
    expect(calmarRatio(0.1, 0.2)).toBeCloseTo(0.5, 15);
  });
});
