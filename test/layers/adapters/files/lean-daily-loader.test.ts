import { join } from 'node:path';
import { loadLeanDailyData } from '../../../../layers/adapters/files';
import { adjustBars } from '../../../../layers/core/market';

const dataDir = join(__dirname, '../../../../data');

describe('loadLeanDailyData (shipped data/lean/equity/usa/daily)', () => {
  it('loads AAPL raw bars (1998-01-02 close 16.25) and adjusts across the 2014 7:1 split without a jump', async () => {
    const aapl = await loadLeanDailyData(dataDir, 'AAPL');
    expect(aapl.bars).toHaveLength(5849);
    expect(aapl.droppedRows).toBe(0);
    expect(aapl.bars[0]).toEqual({ date: '1998-01-02', open: 13.63, high: 16.25, low: 13.5, close: 16.25, volume: 6315000 });
    expect(aapl.bars.at(-1)?.date).toBe('2021-03-31');
    expect(aapl.factors).toHaveLength(41);
    const byDate = (bars: typeof aapl.bars, date: string) => bars.find((b) => b.date === date);
    expect(byDate(aapl.bars, '2014-06-06')?.close).toBe(645.57);
    expect(byDate(aapl.bars, '2014-06-09')?.close).toBe(93.7);
    for (const mode of ['split', 'split-and-dividend'] as const) {
      const adjusted = adjustBars(aapl.bars, aapl.factors, mode);
      const before = byDate(adjusted, '2014-06-06')?.close ?? NaN;
      const after = byDate(adjusted, '2014-06-09')?.close ?? NaN;
      expect(Math.abs(after / before - 1)).toBeLessThan(0.02);
      // Once splits are removed the largest one-day move in 23 years is the real 2000-09-29 crash (-52 %,
      // |log| 0.727); raw prices also show the 2:1 (2000, 2005), 7:1 and 4:1 splits (|log| up to 1.95).
      const moves = adjusted.slice(1).map((b, i) => ({ date: b.date, move: Math.abs(Math.log(b.close / (adjusted[i]?.close ?? b.close))) }));
      const worst = moves.reduce((a, b) => (b.move > a.move ? b : a));
      expect(worst.date).toBe('2000-09-29');
      expect(worst.move).toBeLessThan(0.73);
      // Recent bars (after the last factor row before 2050) are unchanged.
      expect(adjusted.at(-1)).toEqual(aapl.bars.at(-1));
    }
  });

  it.each([
    ['BNO', '2010-06-02', 1100],
    ['USO', '2006-04-10', 140],
    ['EEM', '2003-04-11', 722],
  ])('%s: rows before the first map-file date (%s) are not the ETF and are dropped', async (symbol, first, dropped) => {
    const data = await loadLeanDailyData(dataDir, symbol);
    expect(data.bars[0]?.date).toBe(first);
    expect(data.droppedRows).toBe(dropped);
  });

  it('BAC: rows through 1998-09-30 are the old BankAmerica (the security traded as NB then)', async () => {
    const bac = await loadLeanDailyData(dataDir, 'BAC');
    expect(bac.bars[0]?.date).toBe('1998-10-01');
    expect(bac.mapFile.map((r) => r.ticker)).toEqual(['NB', 'NB', 'BAC']);
  });

  it('SPY has its 2013-10-07 bar', async () => {
    const spy = await loadLeanDailyData(dataDir, 'spy');
    expect(spy.bars.find((b) => b.date === '2013-10-07')).toEqual({ date: '2013-10-07', open: 167.43, high: 168.45, low: 167.25, close: 167.42, volume: 81489219 });
  });
});
