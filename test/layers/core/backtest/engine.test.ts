import {
  backtestResultToJson,
  bookFill,
  runBacktest,
  type BacktestBar,
  type BacktestConfig,
  type BacktestDecision,
  type OrderRequest,
  type StrategyContext,
} from '../../../../layers/core/backtest';
import * as money from '../../../../layers/core/money';

const DAY = 86_400_000;
const T0 = Date.UTC(2024, 0, 1, 14, 30);
/** Each synthetic bar is its own session (day orders live for one bar). */
const sessionOf = (t: number): string => String(Math.floor(t / DAY));

/** Bars from [open, high, low, close] rows, one per day, volume 1000. */
const bars = (rows: readonly (readonly [number, number, number, number])[], volume = 1000): BacktestBar[] =>
  rows.map(([open, high, low, close], i) => ({ start: T0 + i * DAY, open, high, low, close, volume }));

const SIX: BacktestBar[] = bars([
  [100, 101, 99, 100],
  [101, 103, 100, 102],
  [104, 106, 103, 105],
  [106, 108, 105, 107],
  [108, 109, 104, 105],
  [105, 106, 104, 105],
]);

/** Long at the close of bar 1, flat at the close of bar 3. */
const longAt1FlatAt3 = (ctx: StrategyContext): BacktestDecision | undefined =>
  ctx.index === 1 ? { target: 'long' } : ctx.index === 3 ? { target: 'flat' } : undefined;

const base = (over: Partial<BacktestConfig> = {}): BacktestConfig => ({
  bars: new Map([['XYZ', SIX]]),
  strategy: longAt1FlatAt3,
  sizing: { kind: 'fixed-units', units: '10' },
  cash: '10000',
  fill: 'next-open',
  slippage: { kind: 'none' },
  fees: { kind: 'none' },
  seed: 1,
  sessionOf,
  ...over,
});

/** A strategy that places `orders` at the close of bar `at` and nothing else. */
const ordersAt = (at: number, orders: readonly OrderRequest[]) => (ctx: StrategyContext): BacktestDecision | undefined =>
  ctx.index === at ? { orders } : undefined;

describe('runBacktest: hand-computed cases', () => {
  it('6 daily bars, 10 units, next-open fills, $1 per order', () => {
    const r = runBacktest(base({ fees: { kind: 'per-order', amount: '1' } }));
    // Buy 10 at bar 2's open 104: cash 10000 − 1040 − 1 = 8959.
    // Sell 10 at bar 4's open 108: cash 8959 + 1080 − 1 = 10038.
    expect(r.fills.map((f) => [f.side, f.quantity, f.price, f.fee, f.cashAfter])).toEqual([
      ['buy', '10', '104', '1', '8959'],
      ['sell', '10', '108', '1', '10038'],
    ]);
    expect(r.finalCash).toBe('10038');
    expect(r.finalEquity).toBe('10038');
    expect(r.totalFees).toBe('2');
    expect(r.realizedPnl).toBe('40'); // (108 − 104) × 10, gross
    expect(r.trades).toEqual([
      { symbol: 'XYZ', side: 'long', quantity: '10', entryTime: T0 + 2 * DAY, exitTime: T0 + 4 * DAY, entryPrice: '104', exitPrice: '108', fees: '2', grossPnl: '40', pnl: '38' },
    ]);
    // Equity after each bar: 10000, 10000, 8959 + 10×105, 8959 + 10×107, 10038, 10038.
    expect(Array.from(r.equityCurve.equity)).toEqual([10000, 10000, 10009, 10029, 10038, 10038]);
    expect(Array.from(r.equityCurve.timestamps)).toEqual(SIX.map((b) => b.start));
    expect(r.orders.map((o) => [o.id, o.status, o.submittedAt, o.closedAt])).toEqual([
      ['o-1', 'filled', T0 + DAY, T0 + 2 * DAY],
      ['o-2', 'filled', T0 + 3 * DAY, T0 + 4 * DAY],
    ]);
    expect(r.metrics.trades.numberOfTrades).toBe(1);
    expect(r.metrics.trades.netProfit).toBeCloseTo(38, 12);
    expect(r.metrics.totalReturn).toBeCloseTo(0.0038, 12);
  });

  it('fill: close fills market orders at the deciding bar close', () => {
    const r = runBacktest(base({ fill: 'close' }));
    // Buy 10 at bar 1's close 102, sell 10 at bar 3's close 107: 10000 − 1020 + 1070 = 10050.
    expect(r.fills.map((f) => [f.side, f.price, f.time, f.at])).toEqual([
      ['buy', '102', T0 + DAY, 'close'],
      ['sell', '107', T0 + 3 * DAY, 'close'],
    ]);
    expect(r.finalCash).toBe('10050');
  });

  it('fraction-of-equity sizing: floor(equity × fraction / close)', () => {
    const r = runBacktest(base({ sizing: { kind: 'fraction-of-equity', fraction: '0.5' } }));
    // floor(10000 × 0.5 / 102) = floor(49.02) = 49 units, bought at 104, sold at 108: +196.
    expect(r.fills.map((f) => f.quantity)).toEqual(['49', '49']);
    expect(r.finalCash).toBe('10196');
  });

  it('streaming strategy signals drive targets (same engine path as a Lambda strategy)', () => {
    const r = runBacktest(base({ strategy: { id: 's', version: '1', initialState: () => 0, restoreState: () => 0, onBar: (s: unknown, bar) => {
      const n = (typeof s === 'number' ? s : 0) + 1;
      const signal = n === 2 ? { direction: 'long' as const, strength: 1, reason: 'x', barStart: bar.start, referencePrice: bar.close } : undefined;
      return signal === undefined ? { kind: 'applied', state: n } : { kind: 'applied', state: n, signal };
    } } }));
    expect(r.fills.map((f) => [f.side, f.price])).toEqual([['buy', '104']]);
    expect(r.positions).toEqual([{ symbol: 'XYZ', quantity: '10', averagePrice: '104', lastPrice: '105', marketValue: '1050' }]);
    expect(r.finalEquity).toBe('10010'); // 8960 + 1050
  });
});

describe('runBacktest: order trigger rules (orders placed at bar 0 close, tried from bar 1)', () => {
  const run = (rows: readonly (readonly [number, number, number, number])[], orders: readonly OrderRequest[], over: Partial<BacktestConfig> = {}) =>
    runBacktest(base({ bars: new Map([['XYZ', bars(rows)]]), strategy: ordersAt(0, orders), allowShort: true, ...over }));
  const B0 = [100, 101, 99, 100] as const;
  const buy = (o: Partial<OrderRequest>): OrderRequest => ({ symbol: 'XYZ', side: 'buy', quantity: '1', type: 'market', ...o });
  const sell = (o: Partial<OrderRequest>): OrderRequest => ({ symbol: 'XYZ', side: 'sell', quantity: '1', type: 'market', ...o });
  const firstFill = (r: ReturnType<typeof run>) => r.fills.map((f) => [f.price, f.at, f.time])[0];

  it('market: next bar open', () => {
    expect(firstFill(run([B0, [101, 102, 100, 101]], [buy({})]))).toEqual(['101', 'open', T0 + DAY]);
  });
  it('buy limit: open at or below the limit fills at the open; a low touching it fills at the limit; else nothing', () => {
    expect(firstFill(run([B0, [98.5, 100, 98, 99]], [buy({ type: 'limit', limitPrice: '99' })]))).toEqual(['98.5', 'open', T0 + DAY]);
    expect(firstFill(run([B0, [101, 102, 99, 100]], [buy({ type: 'limit', limitPrice: '99' })]))).toEqual(['99', 'intrabar', T0 + DAY]);
    expect(run([B0, [101, 102, 99.5, 100]], [buy({ type: 'limit', limitPrice: '99' })]).fills).toEqual([]);
  });
  it('sell limit mirrors: open ≥ L → open; high ≥ L → L', () => {
    expect(firstFill(run([B0, [102, 103, 101, 102]], [sell({ type: 'limit', limitPrice: '101.5' })]))).toEqual(['102', 'open', T0 + DAY]);
    expect(firstFill(run([B0, [100, 103, 99, 102]], [sell({ type: 'limit', limitPrice: '101.5' })]))).toEqual(['101.5', 'intrabar', T0 + DAY]);
  });
  it('buy stop fills at max(open, stop) once the high reaches it; sell stop at min(open, stop) once the low does', () => {
    expect(firstFill(run([B0, [101, 104, 100, 103]], [buy({ type: 'stop', stopPrice: '103' })]))).toEqual(['103', 'intrabar', T0 + DAY]);
    expect(firstFill(run([B0, [104, 105, 103.5, 104]], [buy({ type: 'stop', stopPrice: '103' })]))).toEqual(['104', 'open', T0 + DAY]);
    expect(run([B0, [101, 102.99, 100, 102]], [buy({ type: 'stop', stopPrice: '103' })]).fills).toEqual([]);
    expect(firstFill(run([B0, [97, 98, 94, 96]], [sell({ type: 'stop', stopPrice: '95' })]))).toEqual(['95', 'intrabar', T0 + DAY]);
    expect(firstFill(run([B0, [93, 94, 92, 93]], [sell({ type: 'stop', stopPrice: '95' })]))).toEqual(['93', 'open', T0 + DAY]);
  });
  it('stop-limit: fills at the trigger when within the limit; a gap past the limit rests as a limit from the next bar', () => {
    const order = buy({ type: 'stop-limit', stopPrice: '103', limitPrice: '103.5', timeInForce: 'gtc' });
    expect(firstFill(run([B0, [101, 104, 100, 103]], [order]))).toEqual(['103', 'intrabar', T0 + DAY]);
    // Bar 1 gaps to 104 > 103.5: triggered, no fill (high/low order unknown). Bar 2: open 103.8 > 103.5, low 103 ≤ 103.5 → 103.5.
    const r = run([B0, [104, 105, 102, 104], [103.8, 104, 103, 103.5]], [order]);
    expect(r.fills.map((f) => [f.price, f.time])).toEqual([['103.5', T0 + 2 * DAY]]);
  });
  it('day orders expire when the session changes; gtc orders keep working', () => {
    const rows = [B0, [101, 102, 100, 101], [99, 100, 98, 99]] as const;
    const day = run(rows, [buy({ type: 'limit', limitPrice: '99.5' })]);
    expect(day.fills).toEqual([]);
    expect(day.orders[0]).toMatchObject({ status: 'expired', closedAt: T0 + 2 * DAY });
    const gtc = run(rows, [buy({ type: 'limit', limitPrice: '99.5', timeInForce: 'gtc' })]);
    expect(firstFill(gtc)).toEqual(['99', 'open', T0 + 2 * DAY]);
  });
  it('invalid orders are rejected values, not throws', () => {
    const r = run([B0, [101, 102, 100, 101]], [buy({ type: 'limit' }), buy({ quantity: '0' }), buy({ symbol: 'NOPE' })]);
    expect(r.orders.map((o) => o.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(r.fills).toEqual([]);
  });
});

describe('runBacktest: costs', () => {
  it('percent fees: pct of notional on each fill', () => {
    const r = runBacktest(base({ fees: { kind: 'percent', pct: '0.1' } }));
    // 0.1 % of 1040 = 1.04; 0.1 % of 1080 = 1.08. Cash: 10000 − 1040 − 1.04 + 1080 − 1.08 = 10037.88.
    expect(r.fills.map((f) => f.fee)).toEqual(['1.04', '1.08']);
    expect(r.finalCash).toBe('10037.88');
    expect(r.trades[0]).toMatchObject({ fees: '2.12', pnl: '37.88' });
  });
  it('alpaca-equities: no commission; SEC and TAF on sells, each rounded up to the cent; defaults 0', () => {
    expect(runBacktest(base({ fees: { kind: 'alpaca-equities' } })).finalCash).toBe('10040');
    const r = runBacktest(base({ cash: '20000', sizing: { kind: 'fixed-units', units: '100' }, fees: { kind: 'alpaca-equities', secFeeRate: '0.0000278', tafPerShare: '0.000166', tafMaxPerTrade: '8.3' } }));
    // Sell 100 @ 108: SEC 10800 × 0.0000278 = 0.30024 → 0.31; TAF 100 × 0.000166 = 0.0166 → 0.02. Total 0.33.
    expect(r.fills.map((f) => f.fee)).toEqual(['0', '0.33']);
    expect(r.finalCash).toBe('20399.67'); // 20000 − 10400 + 10800 − 0.33
  });
  it('fixed-bps slippage moves taker fills against the taker', () => {
    const r = runBacktest(base({ slippage: { kind: 'fixed-bps', bps: 10 } }));
    // 104 × 1.001 = 104.104; 108 × 0.999 = 107.892. Cash 10000 − 1041.04 + 1078.92 = 10037.88.
    expect(r.fills.map((f) => f.price)).toEqual(['104.104', '107.892']);
    expect(r.finalCash).toBe('10037.88');
  });
  it('volume-share slippage caps each bar at volumeLimit × volume and adds priceImpact × share²', () => {
    const r = runBacktest(base({ sizing: { kind: 'fixed-units', units: '60' }, targetTimeInForce: 'gtc', strategy: (c) => (c.index === 1 ? { target: 'long' } : undefined), slippage: { kind: 'volume-share', volumeLimit: 0.025, priceImpact: 0.1 } }));
    // 25 units per bar (0.025 × 1000). Impact 0.1 × 0.025² = 0.0000625: 104 × 1.0000625 = 104.0065 (4 places);
    // bar 3: 106 × 1.0000625 = 106.006625 → 106.0066; bar 4: 10 units, 0.1 × 0.01² = 0.00001: 108 × 1.00001 = 108.00108 → 108.0011.
    expect(r.fills.map((f) => [f.quantity, f.price])).toEqual([['25', '104.0065'], ['25', '106.0066'], ['10', '108.0011']]);
    expect(r.orders[0]).toMatchObject({ status: 'filled', filledQuantity: '60' });
  });
  it('maxParticipation caps fills; the rest of a day order expires', () => {
    const r = runBacktest(base({ maxParticipation: 0.005, strategy: (c) => (c.index === 1 ? { target: 'long' } : undefined) }));
    expect(r.fills.map((f) => f.quantity)).toEqual(['5']);
    expect(r.orders[0]).toMatchObject({ status: 'expired', filledQuantity: '5' });
  });
});

describe('runBacktest: shorting and margin', () => {
  const shortAt1CoverAt3 = (c: StrategyContext): BacktestDecision | undefined => (c.index === 1 ? { target: 'short' } : c.index === 3 ? { target: 'flat' } : undefined);
  it('long-only: a short view is flat, an explicit short sale is rejected', () => {
    expect(runBacktest(base({ strategy: shortAt1CoverAt3 })).fills).toEqual([]);
    const r = runBacktest(base({ strategy: ordersAt(0, [{ symbol: 'XYZ', side: 'sell', quantity: '1', type: 'market' }]) }));
    expect(r.orders[0]).toMatchObject({ status: 'rejected' });
    expect(r.orders[0]?.reason).toMatch(/shorting is not allowed/);
  });
  it('allowShort: short 10 at 104, cover at 108 loses 40', () => {
    const r = runBacktest(base({ strategy: shortAt1CoverAt3, allowShort: true }));
    expect(r.fills.map((f) => [f.side, f.price, f.positionAfter])).toEqual([['sell', '104', '-10'], ['buy', '108', '0']]);
    expect(r.finalCash).toBe('9960'); // 10000 + 1040 − 1080
    expect(r.trades[0]).toMatchObject({ side: 'short', pnl: '-40' });
    // Mark at bar 2's close: 11040 − 10 × 105 = 9990.
    expect(r.equityCurve.equity[2]).toBe(9990);
  });
  it('cash account rejects gross exposure above equity; Reg T allows 2×', () => {
    const big = { sizing: { kind: 'fixed-units', units: '150' } } as const;
    const cash = runBacktest(base(big));
    expect(cash.orders[0]).toMatchObject({ status: 'rejected' });
    expect(cash.finalCash).toBe('10000');
    const regT = runBacktest(base({ ...big, margin: 'reg-t' }));
    // 150 × 104 = 15600 ≤ 2 × 10000; sold at 108: +600.
    expect(regT.fills.map((f) => f.cashAfter)).toEqual(['-5600', '10600']);
    expect(runBacktest(base({ sizing: { kind: 'fixed-units', units: '200' }, margin: 'reg-t' })).fills).toEqual([]); // 20800 > 20000
  });
  it('flipping through zero closes the old side and opens the new one at the fill price', () => {
    const r = runBacktest(base({ allowShort: true, strategy: (c) => (c.index === 1 ? { target: 'long' } : c.index === 3 ? { targetQuantity: '-5' } : undefined) }));
    expect(r.fills.map((f) => [f.side, f.quantity, f.price, f.realizedPnl])).toEqual([['buy', '10', '104', '0'], ['sell', '15', '108', '40']]);
    expect(r.positions).toEqual([{ symbol: 'XYZ', quantity: '-5', averagePrice: '108', lastPrice: '105', marketValue: '-525' }]);
  });
  it('bookFill matches the paper ledger rules (average, partial close, realised P&L)', () => {
    const d = money.dec;
    const a = bookFill(undefined, 'buy', d('10'), d('100'));
    const b = bookFill(a, 'buy', d('10'), d('110'));
    expect(b.averagePrice.toString()).toBe('105');
    const c = bookFill(b, 'sell', d('5'), d('120'));
    expect([c.quantity.toString(), c.averagePrice.toString(), c.realizedPnl.toString()]).toEqual(['15', '105', '75']);
  });
});

describe('runBacktest: many symbols, determinism', () => {
  const ABC = bars([[50, 51, 49, 50], [50, 52, 49, 51], [52, 53, 51, 52], [53, 54, 52, 53], [54, 55, 53, 54], [54, 55, 53, 54]]);
  it('shares one cash balance across symbols', () => {
    const r = runBacktest(base({ bars: new Map([['XYZ', SIX], ['ABC', ABC]]) }));
    // ABC: buy 10 @ 52, sell 10 @ 54 (+20); XYZ: +40. Cash 10000 + 20 + 40.
    expect(r.finalCash).toBe('10060');
    expect(r.fills.map((f) => f.symbol)).toEqual(['ABC', 'XYZ', 'ABC', 'XYZ']);
    expect(r.equityCurve.equity[2]).toBe(10000 - 520 - 1040 + 520 + 1050);
  });
  it('the same inputs and seed give byte-identical JSON; another seed differs', () => {
    const noisy = (c: StrategyContext): BacktestDecision | undefined => (c.random() < 0.5 ? { target: 'long' } : { target: 'flat' });
    const cfg = (seed: number) => base({ bars: new Map([['XYZ', SIX], ['ABC', ABC]]), strategy: noisy, seed, fees: { kind: 'percent', pct: '0.05' } });
    const a = backtestResultToJson(runBacktest(cfg(7)));
    const b = backtestResultToJson(runBacktest(cfg(7)));
    expect(a).toBe(b);
    const seeds = [1, 2, 3, 4, 5].map((s) => backtestResultToJson(runBacktest(cfg(s))));
    expect(new Set(seeds).size).toBeGreaterThan(1);
  });
});
