import { runBacktest, type BacktestBar, type BacktestConfig, type BacktestDecision, type OrderRequest, type StrategyContext } from '../../../../layers/core/backtest';

/** Options per-contract fees with a contract multiplier, crypto maker/taker fees, and half-spread slippage from quotes. */
const DAY = 86_400_000;
const T0 = Date.UTC(2024, 0, 1, 14, 30);
type Row = readonly [number, number, number, number];
const bars = (rows: readonly Row[]): BacktestBar[] => rows.map(([open, high, low, close], i) => ({ start: T0 + i * DAY, open, high, low, close, volume: 1000 }));
const at = (plan: Readonly<Record<number, readonly OrderRequest[]>>) => (ctx: StrategyContext): BacktestDecision | undefined => {
  const orders = plan[ctx.index];
  return orders === undefined ? undefined : { orders };
};
const config = (symbol: string, rows: readonly Row[], plan: Readonly<Record<number, readonly OrderRequest[]>>, over: Partial<BacktestConfig> = {}): BacktestConfig => ({
  bars: new Map([[symbol, bars(rows)]]),
  strategy: at(plan),
  sizing: { kind: 'fixed-units', units: '1' },
  cash: '100000',
  fill: 'next-open',
  slippage: { kind: 'none' },
  fees: { kind: 'none' },
  seed: 1,
  sessionOf: (t) => String(Math.floor(t / DAY)),
  ...over,
});

describe('options: per-contract fee and contract multiplier', () => {
  it('2 contracts bought at 3.50 and sold at 4.00, $0.65 a contract, multiplier 100', () => {
    const buy: OrderRequest = { symbol: 'XYZ240119C00100000', side: 'buy', quantity: '2', type: 'market' };
    const sell: OrderRequest = { ...buy, side: 'sell' };
    const r = runBacktest(config('XYZ240119C00100000', [[3.4, 3.5, 3.3, 3.4], [3.5, 3.9, 3.5, 3.8], [4, 4.1, 3.9, 4]], { 0: [buy], 1: [sell] }, {
      fees: { kind: 'per-contract', perContract: '0.65' },
      contractMultiplier: { XYZ240119C00100000: '100' },
    }));
    // Buy: 2 × 3.50 × 100 = 700 + 1.30 fee. Sell: 2 × 4.00 × 100 = 800 − 1.30. P&L (4 − 3.5) × 2 × 100 = 100.
    expect(r.fills.map((f) => [f.price, f.fee, f.cashAfter, f.realizedPnl])).toEqual([
      ['3.5', '1.3', '99298.7', '0'],
      ['4', '1.3', '100097.4', '100'],
    ]);
    // Marked at bar 1's close 3.8: 99298.7 + 2 × 3.8 × 100 = 100058.7.
    expect(r.equityCurve.equity[1]).toBe(100058.7);
    expect(r.trades[0]).toMatchObject({ grossPnl: '100', fees: '2.6', pnl: '97.4' });
    expect(r.finalEquity).toBe('100097.4');
  });
  it('buying power counts the multiplier: 2 contracts at 600 × 100 exceed a $100k cash account', () => {
    const r = runBacktest(config('OPT', [[600, 600, 600, 600], [600, 600, 600, 600]], { 0: [{ symbol: 'OPT', side: 'buy', quantity: '2', type: 'market' }] }, { contractMultiplier: { OPT: '100' } }));
    expect(r.orders[0]).toMatchObject({ status: 'rejected' });
  });
});

describe('crypto: maker/taker basis points', () => {
  it('a market buy pays the taker rate; a resting limit sell filled at its price pays the maker rate', () => {
    const r = runBacktest(config('BTCUSD', [[100, 100, 100, 100], [100, 101, 99, 100], [102, 106, 101, 104]], {
      0: [{ symbol: 'BTCUSD', side: 'buy', quantity: '0.5', type: 'market' }],
      1: [{ symbol: 'BTCUSD', side: 'sell', quantity: '0.5', type: 'limit', limitPrice: '105', timeInForce: 'gtc' }],
    }, { fees: { kind: 'maker-taker', makerBps: '10', takerBps: '25' } }));
    // Taker: 0.5 × 100 × 25 bp = 0.125. Maker: 0.5 × 105 × 10 bp = 0.0525.
    expect(r.fills.map((f) => [f.liquidity, f.price, f.fee])).toEqual([['taker', '100', '0.125'], ['maker', '105', '0.0525']]);
    expect(r.finalCash).toBe('100002.3225'); // 100000 − 50 − 0.125 + 52.5 − 0.0525
  });
  it('a limit marketable on arrival (filled at the open of its first bar) is a taker', () => {
    const r = runBacktest(config('BTCUSD', [[100, 100, 100, 100], [99, 101, 98, 100]], { 0: [{ symbol: 'BTCUSD', side: 'buy', quantity: '1', type: 'limit', limitPrice: '100' }] }, { fees: { kind: 'maker-taker', makerBps: '10', takerBps: '25' } }));
    expect(r.fills.map((f) => [f.liquidity, f.price, f.fee])).toEqual([['taker', '99', '0.2475']]);
  });
});

describe('half-spread slippage', () => {
  const rows: Row[] = [[100, 101, 99, 100], [101, 104, 100, 102], [102, 103, 101, 102]];
  const plan = { 0: [{ symbol: 'XYZ', side: 'buy', quantity: '1', type: 'market' } as const], 1: [{ symbol: 'XYZ', side: 'sell', quantity: '1', type: 'market' } as const] };
  it('quotes: market buys pay the ask, market sells get the bid', () => {
    const quotes = new Map([['XYZ', [undefined, { bid: 100.9, ask: 101.1 }, { bid: 101.95, ask: 102.05 }]]]);
    const r = runBacktest(config('XYZ', rows, plan, { slippage: { kind: 'half-spread', quotes } }));
    expect(r.fills.map((f) => [f.side, f.price])).toEqual([['buy', '101.1'], ['sell', '101.95']]);
    expect(r.finalCash).toBe('100000.85'); // open to open +1, less the two half spreads 0.1 + 0.05
  });
  it('a spread series moves every taker fill by half the spread; stops pay it from their trigger price', () => {
    const spreads = new Map([['XYZ', [0.2, 0.2, 0.5]]]);
    const r = runBacktest(config('XYZ', rows, { 0: [{ symbol: 'XYZ', side: 'buy', quantity: '1', type: 'stop', stopPrice: '103' }] }, { slippage: { kind: 'half-spread', quotes: spreads } }));
    expect(r.fills.map((f) => [f.price, f.at])).toEqual([['103.1', 'intrabar']]); // 103 + 0.2 / 2
  });
  it('a limit filled at its own price (maker) pays no spread; a marketable limit never pays above its limit', () => {
    const quotes = new Map([['XYZ', [undefined, { bid: 100.5, ask: 101.5 }, undefined]]]);
    const r = runBacktest(config('XYZ', rows, { 0: [
      { symbol: 'XYZ', side: 'buy', quantity: '1', type: 'limit', limitPrice: '101.2' },
      { symbol: 'XYZ', side: 'buy', quantity: '1', type: 'limit', limitPrice: '100.5' },
    ] }, { slippage: { kind: 'half-spread', quotes } }));
    // o-1: open 101 ≤ 101.2 → taker at 101 + 0.5 = 101.5, capped at 101.2. o-2: low 100 ≤ 100.5 → maker at 100.5.
    expect(r.fills.map((f) => [f.orderId, f.price])).toEqual([['o-1', '101.2'], ['o-2', '100.5']]);
  });
  it('a missing or crossed quote moves nothing', () => {
    const quotes = new Map([['XYZ', [undefined, { bid: 102, ask: 101 }, Number.NaN]]]);
    const r = runBacktest(config('XYZ', rows, plan, { slippage: { kind: 'half-spread', quotes } }));
    expect(r.fills.map((f) => f.price)).toEqual(['101', '102']);
  });
});
