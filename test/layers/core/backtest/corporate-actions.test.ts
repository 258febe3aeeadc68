import { join } from 'node:path';
import { loadLeanDailyData } from '../../../../layers/adapters/files';
import {
  corporateActionsFromFactorRows,
  dailyBarsToBacktestBars,
  runBacktest,
  type BacktestBar,
  type BacktestConfig,
  type BacktestDecision,
  type OrderRequest,
  type StrategyContext,
} from '../../../../layers/core/backtest';
import { adjustBars, nyseCalendar, parseLeanFactorFile } from '../../../../layers/core/market';

const DAY = 86_400_000;
// 2024-01-02 (Tuesday) 09:30 New York: NYSE-local dates advance one a bar.
const T0 = Date.UTC(2024, 0, 2, 14, 30);
type Row = readonly [number, number, number, number];
const bars = (rows: readonly Row[], start = T0, step = DAY): BacktestBar[] => rows.map(([open, high, low, close], i) => ({ start: start + i * step, open, high, low, close, volume: 1000 }));
const at = (plan: Readonly<Record<number, readonly OrderRequest[]>>) => (ctx: StrategyContext): BacktestDecision | undefined => {
  const orders = plan[ctx.index];
  return orders === undefined ? undefined : { orders };
};
const config = (rows: readonly Row[], plan: Readonly<Record<number, readonly OrderRequest[]>>, over: Partial<BacktestConfig> = {}): BacktestConfig => ({
  bars: new Map([['XYZ', bars(rows)]]),
  strategy: at(plan),
  sizing: { kind: 'fixed-units', units: '1' },
  cash: '10000',
  fill: 'close',
  slippage: { kind: 'none' },
  fees: { kind: 'none' },
  seed: 1,
  sessionOf: (t) => String(Math.floor(t / DAY)),
  ...over,
});
const buy = (o: Partial<OrderRequest> = {}): OrderRequest => ({ symbol: 'XYZ', side: 'buy', quantity: '10', type: 'market', ...o });

describe('corporate-action events from Lean factor files', () => {
  it('AAPL: the 7:1 and 4:1 splits and dividends on their ex-dates, amounts on the basis then in force', async () => {
    const data = await loadLeanDailyData(join(__dirname, '../../../../data'), 'AAPL');
    const calendar = nyseCalendar();
    const events = corporateActionsFromFactorRows(data.factors, { isTradingDay: (d) => calendar.isTradingDay(d) });
    expect(events.filter((e) => e.kind === 'split')).toEqual([
      { kind: 'split', exDate: '2000-06-21', ratio: '2' },
      { kind: 'split', exDate: '2005-02-28', ratio: '2' },
      { kind: 'split', exDate: '2014-06-09', ratio: '7' },
      { kind: 'split', exDate: '2020-08-31', ratio: '4' },
    ]);
    // Apple's declared dividends: $0.47 (2014-08-07, after the 7:1), $0.82 (2020-08-07, before the 4:1), $0.205 after it.
    expect(events).toContainEqual({ kind: 'dividend', exDate: '2014-08-07', amount: '0.47' });
    expect(events).toContainEqual({ kind: 'dividend', exDate: '2020-08-07', amount: '0.82' });
    expect(events).toContainEqual({ kind: 'dividend', exDate: '2020-11-06', amount: '0.205' });
  });
  it('the ex-date is the next trading day after the row date (a row on a Friday before a holiday Monday)', () => {
    const rows = parseLeanFactorFile('20240112,0.99,0.5,50\n20501231,1,1,0\n');
    const calendar = nyseCalendar();
    // 2024-01-15 is Martin Luther King Jr. Day: the next session is Tuesday the 16th.
    expect(corporateActionsFromFactorRows(rows, { isTradingDay: (d) => calendar.isTradingDay(d) })).toEqual([
      { kind: 'dividend', exDate: '2024-01-16', amount: '0.5' }, // 50 × (1 − 0.99 / 1)
      { kind: 'split', exDate: '2024-01-16', ratio: '2' },
    ]);
  });
});

describe('corporate actions during a run', () => {
  it('a 2:1 split doubles the position, halves its average price and adjusts working orders', () => {
    // Bought 10 @ 100 at bar 0's close; a gtc sell limit 10 @ 120 rests. Split 2:1 effective at bar 2 (2024-01-04).
    const r = runBacktest(config([[100, 100, 100, 100], [101, 102, 100, 101], [51, 52, 50, 51]], { 0: [buy(), buy({ side: 'sell', type: 'limit', limitPrice: '120', timeInForce: 'gtc' })] }, {
      corporateActions: new Map([['XYZ', [{ kind: 'split', exDate: '2024-01-04', ratio: '2' }]]]),
    }));
    expect(r.positions).toEqual([{ symbol: 'XYZ', quantity: '20', averagePrice: '50', lastPrice: '51', marketValue: '1020' }]);
    expect(r.orders[1]).toMatchObject({ status: 'working', quantity: '20', limitPrice: '60' });
    expect(r.cashFlows).toEqual([{ time: T0 + 2 * DAY, symbol: 'XYZ', kind: 'split', amount: '0', positionBefore: '10', positionAfter: '20', detail: 'split 2 for 1' }]);
    // Equity: 9000 + 10 × 101 = 10010 before; 9000 + 20 × 51 = 10020 after (the price moved from 50.5 to 51).
    expect(Array.from(r.equityCurve.equity)).toEqual([10000, 10010, 10020]);
  });
  it('a cash dividend is credited to a long and debited from a short on the ex-date', () => {
    const div = { corporateActions: new Map([['XYZ', [{ kind: 'dividend', exDate: '2024-01-03', amount: '0.5' } as const]]]) };
    const long = runBacktest(config([[100, 100, 100, 100], [99.5, 100, 99, 99.5]], { 0: [buy()] }, div));
    expect(long.finalCash).toBe('9005'); // 10000 − 1000 + 10 × 0.5
    expect(long.dividends).toBe('5');
    expect(long.finalEquity).toBe('10000'); // the price drop by the dividend is offset by the cash
    const short = runBacktest(config([[100, 100, 100, 100], [99.5, 100, 99, 99.5]], { 0: [buy({ side: 'sell' })] }, { ...div, allowShort: true }));
    expect(short.finalCash).toBe('10995');
    expect(short.dividends).toBe('-5');
    expect(short.cashFlows[0]).toMatchObject({ kind: 'dividend', amount: '-5', positionBefore: '-10' });
  });
  it('AAPL 2010–2020: raw prices with splits and dividends give the total return of split-and-dividend adjusted prices', async () => {
    // Both runs hold 95 % of equity every day (re-targeted daily, so dividends are reinvested as adjusted prices assume).
    // Tolerance 0.1 % of ending wealth: whole-share rounding differs between the two share bases, adjusted prices are
    // rounded to 4 places, and the raw run reinvests a dividend at the next open while adjusted prices assume the
    // previous close. Without the corporate actions the raw run is off by far more (the two splits alone).
    const data = await loadLeanDailyData(join(__dirname, '../../../../data'), 'AAPL');
    const raw = data.bars.filter((b) => b.date >= '2010-01-01' && b.date <= '2020-12-31');
    const adjusted = adjustBars(raw, data.factors, 'split-and-dividend');
    const calendar = nyseCalendar();
    const events = corporateActionsFromFactorRows(data.factors, { isTradingDay: (d) => calendar.isTradingDay(d) });
    const hold = (): BacktestDecision => ({ target: 'long' });
    const common = { strategy: hold, sizing: { kind: 'fraction-of-equity', fraction: '0.95' }, cash: '1000000', fill: 'next-open', slippage: { kind: 'none' }, fees: { kind: 'none' }, seed: 1, metrics: { bootstrapResamples: 1 } } as const;
    const withActions = runBacktest({ ...common, bars: new Map([['AAPL', dailyBarsToBacktestBars(raw)]]), corporateActions: new Map([['AAPL', events]]) });
    const onAdjusted = runBacktest({ ...common, bars: new Map([['AAPL', dailyBarsToBacktestBars(adjusted)]]) });
    const withoutActions = runBacktest({ ...common, bars: new Map([['AAPL', dailyBarsToBacktestBars(raw)]]) });
    const wealth = (r: { finalEquity: string }) => Number(r.finalEquity) / 1_000_000;
    expect(wealth(onAdjusted)).toBeGreaterThan(15); // AAPL's total return 2010–2020 was about 16×
    expect(Math.abs(wealth(withActions) / wealth(onAdjusted) - 1)).toBeLessThan(0.001);
    expect(Math.abs(wealth(withoutActions) / wealth(onAdjusted) - 1)).toBeGreaterThan(0.5);
    expect(withActions.cashFlows.filter((f) => f.kind === 'split').map((f) => [f.detail, f.positionBefore !== f.positionAfter])).toEqual([
      ['split 7 for 1', true],
      ['split 4 for 1', true],
    ]);
    expect(Number(withActions.dividends)).toBeGreaterThan(0);
  });
});

describe('borrow', () => {
  const rows: Row[] = [[100, 100, 100, 100], [100, 101, 99, 100]];
  const short = (quantity = '10'): OrderRequest => ({ symbol: 'XYZ', side: 'sell', quantity, type: 'market' });
  it('a hard-to-borrow symbol rejects a short sale with the reason; covering and selling a long are unaffected', () => {
    const r = runBacktest(config(rows, { 0: [short()] }, { allowShort: true, borrow: { symbols: { XYZ: { easyToBorrow: false } } } }));
    expect(r.orders[0]).toMatchObject({ status: 'rejected', reason: 'XYZ is not easy to borrow and no shares are available to short' });
    const longThenSell = runBacktest(config(rows, { 0: [buy()], 1: [short()] }, { allowShort: true, borrow: { symbols: { XYZ: { easyToBorrow: false } } } }));
    expect(longThenSell.fills.map((f) => f.positionAfter)).toEqual(['10', '0']);
  });
  it('available shares cap the short position', () => {
    const r = runBacktest(config(rows, { 0: [short('5'), short('1')] }, { allowShort: true, borrow: { default: { easyToBorrow: false, availableShares: '5' } } }));
    expect(r.orders.map((o) => o.status)).toEqual(['filled', 'rejected']);
    expect(r.orders[1]?.reason).toBe('XYZ is not easy to borrow: a short of 6 exceeds the 5 shares available');
  });
  it('a daily fee at the annual rate on the short value, for each calendar day held overnight (a weekend is 3)', () => {
    // Friday 2024-01-05 short 10 @ 100 at the close; Monday's bar charges 10 × 100 × 3.6 % × 3 / 360 = 0.3,
    // Tuesday's 10 × 110 × 3.6 % × 1 / 360 = 0.11. A short opened and closed within one session pays nothing.
    const friday = Date.UTC(2024, 0, 5, 14, 30);
    const series = [bars([[100, 100, 100, 100]], friday)[0], ...bars([[110, 110, 110, 110], [110, 111, 109, 110]], Date.UTC(2024, 0, 8, 14, 30))].filter((b): b is BacktestBar => b !== undefined);
    const r = runBacktest({ ...config(rows, { 0: [short()] }, { allowShort: true, borrow: { default: { annualRatePct: '3.6' } } }), bars: new Map([['XYZ', series]]) });
    expect(r.cashFlows.map((f) => [f.kind, f.amount, f.detail])).toEqual([
      ['borrow-fee', '-0.3', '3 day(s) at 3.6 % a year / 360'],
      ['borrow-fee', '-0.11', '1 day(s) at 3.6 % a year / 360'],
    ]);
    expect(r.borrowFees).toBe('0.41');
    expect(r.finalCash).toBe('10999.59');
  });
});
