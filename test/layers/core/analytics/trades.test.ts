import { directionalAccuracy, exposure, tradeStatistics, turnover, type ClosedTrade } from '../../../../layers/core/analytics';

const trade = (pnl: number, entryTime = 0, exitTime = 1, extra: Partial<ClosedTrade> = {}): ClosedTrade => ({
  entryTime,
  exitTime,
  entryPrice: 100,
  exitPrice: 100,
  quantity: 1,
  side: 'long',
  pnl,
  fees: 1,
  ...extra,
});

describe('trade statistics', () => {
  it('hand-computed: pnl +30, −10, +20, 0, −20', () => {
    const s = tradeStatistics([trade(30), trade(-10), trade(20), trade(0), trade(-20)]);
    expect(s).toMatchObject({ numberOfTrades: 5, wins: 2, losses: 2, breakevens: 1, grossProfit: 50, grossLoss: 30, netProfit: 20, totalFees: 5 });
    expect(s.winRate).toBeCloseTo(2 / 5, 15);
    expect(s.profitFactor).toBeCloseTo(50 / 30, 15);
    expect(s.expectancy).toBeCloseTo(20 / 5, 15);
    expect(s.averageWin).toBeCloseTo(25, 15);
    expect(s.averageLoss).toBeCloseTo(-15, 15);
    expect(s.payoffRatio).toBeCloseTo(25 / 15, 15);
    // Expectancy identity: winRate·avgWin + lossRate·avgLoss (breakevens contribute 0).
    expect(s.winRate * s.averageWin + (s.losses / s.numberOfTrades) * s.averageLoss).toBeCloseTo(s.expectancy, 14);
  });

  it('no trades: zero counts and NaN ratios; only winners: profit factor Infinity', () => {
    const none = tradeStatistics([]);
    expect(none.numberOfTrades).toBe(0);
    expect(none.winRate).toBeNaN();
    expect(none.profitFactor).toBeNaN();
    expect(none.expectancy).toBeNaN();
    expect(none.averageWin).toBeNaN();
    expect(tradeStatistics([trade(5)]).profitFactor).toBe(Number.POSITIVE_INFINITY);
  });

  it('exposure is the union of open intervals over the window', () => {
    // [0,10] ∪ [5,15] ∪ [20,30] = 15 + 10 = 25 of a 40-long window.
    const ts = [trade(1, 0, 10), trade(1, 5, 15), trade(1, 20, 30)];
    expect(exposure(ts, 0, 40)).toBeCloseTo(25 / 40, 15);
    // Clipped to the window [8, 25]: [8,15] ∪ [20,25] = 12 of 17.
    expect(exposure(ts, 8, 25)).toBeCloseTo(12 / 17, 15);
    expect(exposure([], 0, 40)).toBe(0);
    expect(exposure(ts, 5, 5)).toBeNaN();
  });

  it('turnover is two-sided: 10 shares in at 100 and out at 110 on mean equity 1000 → 2100/1000', () => {
    expect(turnover([trade(99, 0, 1, { quantity: 10, entryPrice: 100, exitPrice: 110 })], 1000)).toBeCloseTo(2.1, 15);
    expect(turnover([], 1000)).toBe(0);
    expect(turnover([], 0)).toBeNaN();
  });
});

describe('directional accuracy', () => {
  it('counts sign agreement and leaves out flat calls and flat outcomes', () => {
    const predicted = Float64Array.from([1, -1, 0.3, -2, 0, 1]);
    const realised = Float64Array.from([0.01, 0.02, 0.5, -0.1, 0.3, 0]);
    // Pairs: hit, miss, hit, hit, (flat call), (flat outcome) → 3 of 4.
    const a = directionalAccuracy(predicted, realised);
    expect(a).toMatchObject({ hits: 3, count: 4, excluded: 2 });
    expect(a.accuracy).toBeCloseTo(0.75, 15);
    expect(Array.from(a.hitSeries)).toEqual([1, 0, 1, 1]);
    expect(directionalAccuracy([], []).accuracy).toBeNaN();
  });
});
