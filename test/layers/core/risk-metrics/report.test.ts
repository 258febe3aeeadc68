/** The return-metrics report against hand arithmetic on a 5-period monthly series. */
import { historicalVar, returnMetricsReport } from '../../../../layers/core/risk-metrics';

describe('returnMetricsReport', () => {
  const r = [0.1, -0.05, 0.02, -0.1, 0.03];
  const m = r.reduce((a, b) => a + b) / 5; // 0
  const sd = Math.sqrt(r.reduce((a, b) => a + (b - m) ** 2, 0) / 4);

  it('hand case, 12 periods a year, rf 0: equity 1 → 1.1 → 1.045 → 1.0659 → 0.95931 → 0.9880893', () => {
    const rep = returnMetricsReport(r, { periodsPerYear: 12 });
    expect(rep.maxDrawdown).toBeCloseTo(1 - 0.95931 / 1.1, 12);
    expect(rep.annualReturn).toBeCloseTo(Math.pow(0.9880893, 12 / 5) - 1, 12);
    expect(rep.annualVolatility).toBeCloseTo(sd * Math.sqrt(12), 12);
    expect(rep.sharpe).toBeCloseTo(0, 12); // the mean return is 0
  });

  it('Sharpe, Sortino and Calmar with a risk-free rate of 12 % a year (per period (1.12)^(1/12) − 1)', () => {
    const rf = Math.pow(1.12, 1 / 12) - 1;
    const rep = returnMetricsReport(r, { periodsPerYear: 12, riskFreeRate: 0.12 });
    expect(rep.sharpe).toBeCloseTo(((m - rf) / sd) * Math.sqrt(12), 10);
    const dd = Math.sqrt(r.reduce((a, x) => a + Math.min(0, x - rf) ** 2, 0) / 5);
    expect(rep.sortino).toBeCloseTo(((m - rf) / dd) * Math.sqrt(12), 10);
    expect(rep.calmar).toBeCloseTo(rep.annualReturn / rep.maxDrawdown, 12);
    expect(rep.var[0]?.historical.var).toBe(historicalVar(r, 0.95).var);
    expect(rep.var[0]?.historical.var).toBeCloseTo(0.1, 15);
  });

  it('refuses returns at or below −100 % and too-short series', () => {
    expect(() => returnMetricsReport([0.1, -1], { periodsPerYear: 252 })).toThrow(RangeError);
    expect(() => returnMetricsReport([0.1], { periodsPerYear: 252 })).toThrow(RangeError);
  });
});
