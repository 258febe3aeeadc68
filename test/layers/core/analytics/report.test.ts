import { computeMetrics, mulberry32, periodReturns, type ClosedTrade } from '../../../../layers/core/analytics';

const DAY = 86_400_000;

describe('computeMetrics', () => {
  it('assembles a report consistent with the individual functions', () => {
    const equity = Float64Array.from([100, 110, 99, 108.9]);
    const timestamps = Float64Array.from([0, 1, 2, 3].map((i) => i * DAY));
    const trades: ClosedTrade[] = [
      { entryTime: 0, exitTime: DAY, entryPrice: 100, exitPrice: 110, quantity: 1, side: 'long', pnl: 9, fees: 1 },
      { entryTime: DAY, exitTime: 2 * DAY, entryPrice: 110, exitPrice: 99, quantity: 1, side: 'long', pnl: -12, fees: 1 },
    ];
    const report = computeMetrics({
      equity: { timestamps, values: equity },
      trades,
      predictions: { predicted: [1, 1, 1], realised: [0.1, -0.1, 0.1] },
      benchmark: { returns: [0.05, -0.05, 0.05] },
      conventions: { periodsPerYear: 3, bootstrapResamples: 200 },
    });
    expect(report.totalReturn).toBeCloseTo(0.089, 14);
    expect(report.cagr).toBeCloseTo(0.089, 14); // one year of 3 periods
    expect(report.sharpe).toBeCloseTo((Math.sqrt(3) / 6) * Math.sqrt(3), 12);
    expect(report.maxDrawdown).toBeCloseTo(0.1, 14);
    expect(report.maxDrawdownEpisode?.recovered).toBe(false);
    expect(report.calmar).toBeCloseTo(0.89, 12);
    expect(report.trades.numberOfTrades).toBe(2);
    expect(report.exposure).toBeCloseTo(2 / 3, 15);
    expect(report.turnover).toBeCloseTo((210 + 209) / ((100 + 110 + 99 + 108.9) / 4), 12);
    expect(report.accuracy?.accuracy).toBeCloseTo(2 / 3, 15);
    // Strategy returns are exactly 2 × benchmark returns: β = 2, α = 0.
    expect(report.benchmark?.beta).toBeCloseTo(2, 12);
    expect(report.benchmark?.alpha).toBeCloseTo(0, 12);
    expect(report.notes.some((n) => n.includes('not recovered'))).toBe(true);
  });

  it('log-return conventions convert the benchmark with ln(1 + r)', () => {
    const rand = mulberry32(4);
    const bench = Array.from({ length: 100 }, () => (rand() - 0.5) * 0.02);
    const values = [100];
    for (const b of bench) values.push((values[values.length - 1] ?? 100) * (1 + b));
    const report = computeMetrics({
      equity: { timestamps: values.map((_, i) => i * DAY), values },
      benchmark: { returns: bench },
      conventions: { returnKind: 'log', bootstrapResamples: 50 },
    });
    expect(report.benchmark?.beta).toBeCloseTo(1, 10);
    expect(report.benchmark?.alpha).toBeCloseTo(0, 10);
    expect(periodReturns(values, 'log')[0]).toBeCloseTo(Math.log1p(bench[0] ?? 0), 14);
  });

  it('degenerate runs produce NaN with notes and never throw', () => {
    const single = computeMetrics({ equity: { timestamps: [0], values: [100] } });
    expect(single.sharpe).toBeNaN();
    expect(single.sharpeConfidenceInterval.lower).toBeNaN();
    expect(single.trades.winRate).toBeNaN();
    expect(single.notes.length).toBeGreaterThan(0);

    const flat = computeMetrics({ equity: { timestamps: [0, 1, 2, 3], values: [100, 100, 100, 100] }, conventions: { bootstrapResamples: 20 } });
    expect(flat.sharpe).toBeNaN();
    expect(flat.notes.some((n) => n.includes('zero volatility'))).toBe(true);
    expect(flat.exposure).toBe(0);
    expect(flat.turnover).toBe(0);

    const bad = computeMetrics({
      equity: { timestamps: [0, 2, 1], values: [100, 101, 102] },
      benchmark: { returns: [0.01] },
      predictions: { predicted: [0], realised: [0] },
    });
    expect(bad.totalReturn).toBeNaN();
    expect(bad.notes.some((n) => n.includes('not strictly increasing'))).toBe(true);
    expect(bad.accuracy?.accuracy).toBeNaN();
    expect(bad.benchmark?.beta).toBeNaN();
  });

  it('is deterministic: the same input and seed give an identical report', () => {
    const rand = mulberry32(8);
    const values = [100];
    for (let i = 0; i < 300; i += 1) values.push((values[values.length - 1] ?? 100) * (1 + (rand() - 0.48) * 0.02));
    const input = { equity: { timestamps: values.map((_, i) => i * DAY), values }, conventions: { bootstrapResamples: 300 } };
    expect(computeMetrics(input)).toEqual(computeMetrics(input));
  });
});
