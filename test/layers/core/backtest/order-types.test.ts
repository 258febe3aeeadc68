import { runBacktest, type BacktestBar, type BacktestConfig, type BacktestDecision, type OrderRequest, type StrategyContext } from '../../../../layers/core/backtest';

/**
 * Trailing stops, brackets, OCO groups and the time-in-force values beyond day/gtc, each on hand-built bars
 * whose expected fills are worked out in the comments.
 */
const DAY = 86_400_000;
const T0 = Date.UTC(2024, 0, 1, 14, 30);
const sessionOf = (t: number): string => String(Math.floor(t / DAY));
type Row = readonly [number, number, number, number];
const bars = (rows: readonly Row[], volume = 1000): BacktestBar[] => rows.map(([open, high, low, close], i) => ({ start: T0 + i * DAY, open, high, low, close, volume }));
const B0: Row = [100, 101, 99, 100];

const ordersAt = (at: number, orders: readonly OrderRequest[]) => (ctx: StrategyContext): BacktestDecision | undefined => (ctx.index === at ? { orders } : undefined);
const run = (rows: readonly Row[], orders: readonly OrderRequest[], over: Partial<BacktestConfig> = {}) =>
  runBacktest({
    bars: new Map([['XYZ', bars(rows)]]),
    strategy: ordersAt(0, orders),
    sizing: { kind: 'fixed-units', units: '1' },
    cash: '100000',
    fill: 'next-open',
    slippage: { kind: 'none' },
    fees: { kind: 'none' },
    seed: 1,
    sessionOf,
    allowShort: true,
    ...over,
  });
const order = (o: Partial<OrderRequest>): OrderRequest => ({ symbol: 'XYZ', side: 'buy', quantity: '10', type: 'market', ...o });
const fillsOf = (r: ReturnType<typeof run>) => r.fills.map((f) => [f.orderId, f.side, f.quantity, f.price, f.at, (f.time - T0) / DAY]);
const statusOf = (r: ReturnType<typeof run>) => r.orders.map((o) => [o.id, o.status, o.quantity, o.filledQuantity]);

describe('trailing stop', () => {
  it('sell by amount: trigger checked against the stop before the bar, then the stop ratchets to high − trail', () => {
    // Reference = bar 0 close 100 → stop 98. Bar 1: low 99 > 98, no fill; high 105 → stop 103.
    // Bar 2: open 104 > 103, low 102 ≤ 103 → sells at 103.
    const r = run([B0, [100, 105, 99, 104], [104, 104.5, 102, 103]], [order({ side: 'sell', type: 'trailing-stop', trailPrice: '2', timeInForce: 'gtc' })]);
    expect(fillsOf(r)).toEqual([['o-1', 'sell', '10', '103', 'intrabar', 2]]);
    expect(r.orders[0]).toMatchObject({ status: 'filled', stopPrice: '103', trailPrice: '2' });
  });
  it('does not ratchet before checking: a high and a low in one bar never fire the raised stop on that bar', () => {
    // Bar 1 reaches 105 and 102.5: ratcheting first would raise the stop to 103 and fire at 103 on bar 1.
    // Checked first, the stop stands at 98 on bar 1; then it moves to 103 and bar 2 opens at 102 below it: gap fill at 102.
    const r = run([B0, [100, 105, 102.5, 104], [102, 103, 101, 102]], [order({ side: 'sell', type: 'trailing-stop', trailPrice: '2', timeInForce: 'gtc' })]);
    expect(fillsOf(r)).toEqual([['o-1', 'sell', '10', '102', 'open', 2]]);
  });
  it('buy by percent: stop = lowest low × (1 + pct/100), rounded to the price places', () => {
    // Reference 100 → stop 105. Bar 1: high 100 < 105; low 90 → stop 94.5. Bar 2: high 95 ≥ 94.5, open 93 < 94.5 → 94.5.
    const r = run([B0, [99, 100, 90, 92], [93, 95, 92, 94]], [order({ type: 'trailing-stop', trailPercent: '5', timeInForce: 'gtc' })]);
    expect(fillsOf(r)).toEqual([['o-1', 'buy', '10', '94.5', 'intrabar', 2]]);
  });
  it('a stop that is not triggered keeps trailing and never moves back', () => {
    const r = run([B0, [100, 110, 109, 110], [110, 110, 108.5, 109]], [order({ side: 'sell', type: 'trailing-stop', trailPrice: '2', timeInForce: 'gtc' })]);
    // Bar 1 → stop 108; bar 2: low 108.5 > 108, high 110 keeps it at 108.
    expect(r.fills).toEqual([]);
    expect(r.orders[0]).toMatchObject({ status: 'working', stopPrice: '108' });
  });
  it('rejects a trailing stop with both or neither of trailPrice and trailPercent', () => {
    const r = run([B0, B0], [order({ type: 'trailing-stop' }), order({ type: 'trailing-stop', trailPrice: '1', trailPercent: '1' }), order({ type: 'trailing-stop', trailPercent: '100' })]);
    expect(r.orders.map((o) => o.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(r.orders[0]?.reason).toMatch(/exactly one of trailPrice, trailPercent/);
  });
});

describe('bracket orders', () => {
  const bracket = (over: Partial<OrderRequest> = {}): OrderRequest => order({ timeInForce: 'gtc', bracket: { takeProfit: { limitPrice: '106' }, stopLoss: { stopPrice: '97' } }, ...over });

  it('legs wait for the entry, then the take-profit filling cancels the stop-loss', () => {
    // Bar 1: entry at the open 100; legs live on the rest of bar 1 (97 and 106 not reached). Bar 2: high 107 → TP at 106.
    const r = run([B0, [100, 102, 99, 101], [101, 107, 100, 106]], [bracket()]);
    expect(fillsOf(r)).toEqual([
      ['o-1', 'buy', '10', '100', 'open', 1],
      ['o-2', 'sell', '10', '106', 'intrabar', 2],
    ]);
    expect(statusOf(r)).toEqual([
      ['o-1', 'filled', '10', '10'],
      ['o-2', 'filled', '10', '10'],
      ['o-3', 'canceled', '10', '0'],
    ]);
    expect(r.orders[2]).toMatchObject({ parentId: 'o-1', type: 'stop', side: 'sell', reason: 'one-cancels-other: o-2 filled' });
    expect(r.positions).toEqual([]);
  });
  it('stop and target both inside one bar: the stop fills (worst case), the target is canceled', () => {
    const r = run([B0, [100, 102, 99, 101], [101, 107, 96, 103]], [bracket()]);
    expect(fillsOf(r)[1]).toEqual(['o-3', 'sell', '10', '97', 'intrabar', 2]);
    expect(r.orders[1]).toMatchObject({ status: 'canceled', reason: 'one-cancels-other: o-3 filled' });
  });
  it('a gap through the target at the open fills the target first (the open is the first price)', () => {
    const r = run([B0, [100, 102, 99, 101], [107, 108, 96, 100]], [bracket()]);
    expect(fillsOf(r)[1]).toEqual(['o-2', 'sell', '10', '107', 'open', 2]);
    expect(r.orders[2]).toMatchObject({ status: 'canceled' });
  });
  it('an entry filled at the open exposes its legs to the rest of that bar', () => {
    const r = run([B0, [100, 101, 96, 98]], [bracket()]);
    expect(fillsOf(r)).toEqual([
      ['o-1', 'buy', '10', '100', 'open', 1],
      ['o-3', 'sell', '10', '97', 'intrabar', 1],
    ]);
  });
  it('an entry filled inside a bar starts its legs on the next bar (what came after the fill is unknown)', () => {
    // Limit 99 fills at 99 inside bar 1, whose low 96 is below the stop; the stop only works from bar 2 (low 95 → 97).
    const r = run([B0, [100, 101, 96, 98], [98, 99, 95, 96]], [bracket({ type: 'limit', limitPrice: '99' })]);
    expect(fillsOf(r)).toEqual([
      ['o-1', 'buy', '10', '99', 'intrabar', 1],
      ['o-3', 'sell', '10', '97', 'intrabar', 2],
    ]);
  });
  it('an entry that expires unfilled cancels its held legs', () => {
    const r = run([B0, [100, 101, 99.5, 100], [100, 101, 99.5, 100]], [bracket({ type: 'limit', limitPrice: '99', timeInForce: 'day' })]);
    expect(statusOf(r)).toEqual([
      ['o-1', 'expired', '10', '0'],
      ['o-2', 'canceled', '0', '0'],
      ['o-3', 'canceled', '0', '0'],
    ]);
    expect(r.orders[1]?.reason).toBe('bracket entry o-1 expired without a fill');
  });
  it('partial fills: legs grow with the entry; a partial target fill reduces the stop', () => {
    // 5 units per bar (0.005 × 1000). Bar 1: entry 5 @100 (legs 5). Bar 2: entry 5 @101 (legs 10; the cap is used up).
    // Bar 3 opens 106.5 ≥ 106: TP sells 5 @106.5 → stop 10 → 5. Bar 4: TP sells 5 @107 → filled, stop canceled.
    const r = run([B0, [100, 101, 99, 100], [101, 102, 100, 101], [106.5, 107, 105, 106], [107, 108, 106, 107]], [bracket()], { maxParticipation: 0.005 });
    expect(fillsOf(r)).toEqual([
      ['o-1', 'buy', '5', '100', 'open', 1],
      ['o-1', 'buy', '5', '101', 'open', 2],
      ['o-2', 'sell', '5', '106.5', 'open', 3],
      ['o-2', 'sell', '5', '107', 'open', 4],
    ]);
    expect(statusOf(r)).toEqual([
      ['o-1', 'filled', '10', '10'],
      ['o-2', 'filled', '10', '10'],
      ['o-3', 'canceled', '5', '0'],
    ]);
  });
  it('rejects a bracket whose stop is not below the target (buy) and one with an ioc entry', () => {
    const r = run([B0, B0], [bracket({ bracket: { takeProfit: { limitPrice: '95' }, stopLoss: { stopPrice: '97' } } }), bracket({ timeInForce: 'ioc' })]);
    expect(r.orders.map((o) => [o.status, o.reason])).toEqual([
      ['rejected', 'bracket takeProfit 95 must be above its stopLoss 97'],
      ['rejected', "a bracket order's time in force must be day or gtc, got ioc"],
    ]);
  });
});

describe('one-cancels-other groups', () => {
  it('a fill of one member cancels the other', () => {
    const r = run([B0, [100, 106, 99, 104]], [
      order({ side: 'sell', type: 'limit', limitPrice: '105', ocoGroup: 'exit', timeInForce: 'gtc' }),
      order({ side: 'sell', type: 'stop', stopPrice: '95', ocoGroup: 'exit', timeInForce: 'gtc' }),
    ]);
    expect(fillsOf(r)).toEqual([['o-1', 'sell', '10', '105', 'intrabar', 1]]);
    expect(r.orders[1]).toMatchObject({ status: 'canceled', ocoGroup: 'exit', reason: 'one-cancels-other: o-1 filled' });
  });
  it('a partial fill reduces the other member by the filled quantity', () => {
    const r = run([B0, [100, 106, 99, 104]], [
      order({ side: 'sell', quantity: '4', type: 'limit', limitPrice: '105', ocoGroup: 'exit', timeInForce: 'gtc' }),
      order({ side: 'sell', type: 'stop', stopPrice: '95', ocoGroup: 'exit', timeInForce: 'gtc' }),
    ]);
    expect(statusOf(r)).toEqual([
      ['o-1', 'filled', '4', '4'],
      ['o-2', 'working', '6', '0'],
    ]);
  });
  it('both inside one bar: the stop member goes first', () => {
    const r = run([B0, [100, 106, 94, 100]], [
      order({ side: 'sell', type: 'limit', limitPrice: '105', ocoGroup: 'exit', timeInForce: 'gtc' }),
      order({ side: 'sell', type: 'stop', stopPrice: '95', ocoGroup: 'exit', timeInForce: 'gtc' }),
    ]);
    expect(fillsOf(r)).toEqual([['o-2', 'sell', '10', '95', 'intrabar', 1]]);
  });
});

describe('time in force: ioc, fok, opg, cls (daily bars, one session per bar)', () => {
  it('ioc market fills what the participation cap allows at the next open and cancels the rest', () => {
    const r = run([B0, [101, 102, 100, 101]], [order({ timeInForce: 'ioc' })], { maxParticipation: 0.004 });
    expect(statusOf(r)).toEqual([['o-1', 'canceled', '10', '4']]);
    expect(r.orders[0]?.reason).toMatch(/ioc order: unfilled quantity canceled/);
  });
  it('ioc limit meets only the open: a later touch inside the bar does not fill it', () => {
    const r = run([B0, [101, 102, 98, 101]], [order({ type: 'limit', limitPrice: '99', timeInForce: 'ioc' })]);
    expect(r.fills).toEqual([]);
    expect(r.orders[0]).toMatchObject({ status: 'canceled' });
  });
  it('fok: all or nothing against the participation cap', () => {
    const killed = run([B0, [101, 102, 100, 101]], [order({ timeInForce: 'fok' })], { maxParticipation: 0.005 });
    expect(killed.fills).toEqual([]);
    expect(killed.orders[0]?.reason).toBe('fill-or-kill: 10 exceeds the 5 units this bar allows');
    const filled = run([B0, [101, 102, 100, 101]], [order({ timeInForce: 'fok' })], { maxParticipation: 0.01 });
    expect(fillsOf(filled)).toEqual([['o-1', 'buy', '10', '101', 'open', 1]]);
  });
  it('opg (market-on-open) fills at the next session open; a limit-on-open outside its limit is canceled', () => {
    const r = run([B0, [101, 102, 100, 101]], [order({ timeInForce: 'opg' }), order({ type: 'limit', limitPrice: '100', timeInForce: 'opg' })]);
    expect(fillsOf(r)).toEqual([['o-1', 'buy', '10', '101', 'open', 1]]);
    expect(r.orders[1]).toMatchObject({ status: 'canceled', closedAt: T0 + DAY });
  });
  it('cls (market-on-close): next-open mode fills at the next session close; close mode at the deciding close', () => {
    const rows: Row[] = [B0, [101, 102, 100, 101.5]];
    expect(fillsOf(run(rows, [order({ timeInForce: 'cls' })]))).toEqual([['o-1', 'buy', '10', '101.5', 'close', 1]]);
    expect(fillsOf(run(rows, [order({ timeInForce: 'cls' })], { fill: 'close' }))).toEqual([['o-1', 'buy', '10', '100', 'close', 0]]);
  });
  it('only market and limit orders take ioc/fok/opg/cls', () => {
    const r = run([B0, B0], [order({ type: 'stop', stopPrice: '101', timeInForce: 'ioc' })]);
    expect(r.orders[0]).toMatchObject({ status: 'rejected', reason: 'time in force ioc applies to market and limit orders only, not stop' });
  });
});

describe('market-on-open / market-on-close with minute bars and the NYSE calendar', () => {
  // Wednesday 2024-11-27 (close 16:00 EST = 21:00 UTC); Thursday is Thanksgiving; Friday 2024-11-29 closes early at 13:00 (18:00 UTC).
  const minute = (utc: number, price: number): BacktestBar => ({ start: utc, open: price, high: price + 0.5, low: price - 0.5, close: price + 0.25, volume: 100_000 });
  const series = (starts: readonly number[]) => starts.map((t, i) => minute(t, 100 + i));
  const minutesFrom = (start: number, count: number) => Array.from({ length: count }, (_, i) => start + i * 60_000);
  const wed = minutesFrom(Date.UTC(2024, 10, 27, 20, 55), 10); // 15:55..16:04 ET
  const fri = [...minutesFrom(Date.UTC(2024, 10, 29, 13, 0), 2), ...minutesFrom(Date.UTC(2024, 10, 29, 14, 30), 3), ...minutesFrom(Date.UTC(2024, 10, 29, 17, 55), 10)]; // 08:00, 08:01, 09:30..09:32, 12:55..13:04
  const runMinutes = (orders: readonly OrderRequest[], at: number) =>
    runBacktest({ bars: new Map([['XYZ', series([...wed, ...fri])]]), strategy: ordersAt(at, orders), sizing: { kind: 'fixed-units', units: '1' }, cash: '100000', fill: 'next-open', slippage: { kind: 'none' }, fees: { kind: 'none' }, seed: 1 });

  it('cls fills at the close of the 15:59 bar on a full day', () => {
    const r = runMinutes([order({ timeInForce: 'cls' })], 0); // submitted at 15:55
    expect(r.fills.map((f) => [f.time, f.at, f.price])).toEqual([[Date.UTC(2024, 10, 27, 20, 59), 'close', '104.25']]);
  });
  it('cls fills at the close of the 12:59 bar on an early-close day', () => {
    const r = runMinutes([order({ timeInForce: 'cls' })], 12); // submitted at 09:32 Friday
    expect(r.fills.map((f) => [f.time, f.at])).toEqual([[Date.UTC(2024, 10, 29, 17, 59), 'close']]);
  });
  it('opg submitted during a session fills at the first regular bar of the next session (after the holiday)', () => {
    const r = runMinutes([order({ timeInForce: 'opg' })], 1); // 15:56 Wednesday
    expect(r.fills.map((f) => [f.time, f.at, f.price])).toEqual([[Date.UTC(2024, 10, 29, 14, 30), 'open', '112']]);
  });
  it('opg submitted pre-market fills at the same day open, not at a pre-market bar', () => {
    const r = runMinutes([order({ timeInForce: 'opg' })], 10); // 08:00 Friday
    expect(r.fills.map((f) => f.time)).toEqual([Date.UTC(2024, 10, 29, 14, 30)]);
  });
});

describe('maker/taker classification of fills', () => {
  it('market and marketable-on-arrival limits take; a limit filled at its price or after resting makes', () => {
    const r = run([B0, [98, 99, 97, 98], [101, 102, 99, 100], [98, 99, 97, 98]], [
      order({ quantity: '1' }),
      order({ quantity: '1', type: 'limit', limitPrice: '99', timeInForce: 'gtc' }),
      order({ quantity: '1', type: 'limit', limitPrice: '95', timeInForce: 'gtc' }),
      order({ quantity: '1', type: 'limit', limitPrice: '100', timeInForce: 'gtc' }),
    ]);
    // o-1 market @98 taker; o-2 limit 99 at the open 98 on its first bar: taker; o-4 likewise.
    // o-3 limit 95 never fills. Then a limit that rests first:
    expect(r.fills.map((f) => [f.orderId, f.liquidity])).toEqual([['o-1', 'taker'], ['o-2', 'taker'], ['o-4', 'taker']]);
    const rested = run([B0, [101, 102, 100.5, 101], [99, 100, 98, 99]], [order({ quantity: '1', type: 'limit', limitPrice: '100', timeInForce: 'gtc' })]);
    expect(rested.fills.map((f) => [f.price, f.liquidity])).toEqual([['99', 'maker']]);
    const touched = run([B0, [101, 102, 99, 101]], [order({ quantity: '1', type: 'limit', limitPrice: '100' })]);
    expect(touched.fills.map((f) => [f.price, f.liquidity])).toEqual([['100', 'maker']]);
  });
});
