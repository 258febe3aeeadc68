import { dailyLossStatus } from '../../../../layers/core/risk';

describe('dailyLossStatus', () => {
  it('measures the loss since the previous close exactly and flags it at the limit', () => {
    expect(dailyLossStatus({ equity: '98000.10', lastEquity: '100000.10' }, { maxDailyLoss: '2000' })).toEqual({
      dailyPnl: '-2000',
      maxDailyLoss: '2000',
      breached: true,
    });
    expect(dailyLossStatus({ equity: '98000.11', lastEquity: '100000.10' }, { maxDailyLoss: '2000' }).breached).toBe(false);
    expect(dailyLossStatus({ equity: '105000', lastEquity: '100000' }, { maxDailyLoss: '1' })).toMatchObject({ dailyPnl: '5000', breached: false });
  });
});
