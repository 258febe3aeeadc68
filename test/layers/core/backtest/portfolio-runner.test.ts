import { runPortfolioBacktest, type BacktestBar, type PortfolioBacktestConfig } from '../../../../layers/core/backtest';
import type { PortfolioStrategy, StrategyBar, TargetWeights } from '../../../../layers/core/strategies';

const DAY = 86_400_000;
const T0 = Date.UTC(2024, 0, 1, 14, 30);
const sessionOf = (t: number): string => String(Math.floor(t / DAY));

/** Flat bars (open = high = low = close) from a list of closes, one a day from T0 + offset days. */
const flat = (closes: readonly number[], offset = 0): BacktestBar[] =>
  closes.map((c, i) => ({ start: T0 + (i + offset) * DAY, open: c, high: c, low: c, close: c, volume: 1_000_000 }));

interface Seen {
  readonly time: number;
  readonly bars: readonly StrategyBar[];
}

/** A scripted portfolio strategy: the targets for the k-th distinct timestamp, and a record of what it saw. */
function scripted(script: ReadonlyMap<number, TargetWeights>, seen: Seen[] = []): PortfolioStrategy<{ readonly k: number; readonly last: number | null }> {
  return {
    id: 'scripted',
    version: '1',
    params: {},
    universeSize: { min: 1 },
    initialState: () => ({ k: 0, last: null }),
    restoreState: () => undefined,
    onBars(state, time, bars) {
      if (state.last !== null && time <= state.last) return { state };
      seen.push({ time, bars });
      const targets = script.get(state.k);
      return { state: { k: state.k + 1, last: time }, ...(targets === undefined ? {} : { targets, reason: `step ${state.k}` }) };
    },
  };
}

const config = (bars: ReadonlyMap<string, readonly BacktestBar[]>, strategy: PortfolioStrategy<unknown>, over: Partial<PortfolioBacktestConfig> = {}): PortfolioBacktestConfig => ({
  bars,
  strategy,
  cash: '100000',
  fill: 'next-open',
  slippage: { kind: 'none' },
  fees: { kind: 'none' },
  seed: 1,
  sessionOf,
  ...over,
});

describe('portfolio runner on the event engine', () => {
  it('hands the strategy each timestamp once, with exactly the bars that closed then', () => {
    const seen: Seen[] = [];
    const bars = new Map([
      ['AAA', flat([10, 11, 12, 13])],
      ['BBB', flat([20, 21, 22], 1)],
    ]);
    runPortfolioBacktest(config(bars, scripted(new Map(), seen) as PortfolioStrategy<unknown>));
    expect(seen.map((s) => (s.time - T0) / DAY)).toEqual([0, 1, 2, 3]);
    for (const s of seen) for (const b of s.bars) expect(b.start).toBe(s.time);
    expect(seen.map((s) => s.bars.map((b) => `${b.symbol}:${b.close}`).join(' '))).toEqual(['AAA:10', 'AAA:11 BBB:20', 'AAA:12 BBB:21', 'AAA:13 BBB:22']);
  });

  it('turns weights into whole units of equity × invested fraction × weight / close, filled at the next open', () => {
    const bars = new Map([
      ['AAA', flat([10, 10, 10])],
      ['BBB', flat([40, 40, 40])],
    ]);
    const r = runPortfolioBacktest(config(bars, scripted(new Map([[0, { AAA: 0.5, BBB: 0.25 }]])) as PortfolioStrategy<unknown>));
    // 100 000 × 0.95 × 0.5 / 10 = 4750; × 0.25 / 40 = 593.75 → 593.
    expect(r.fills.map((f) => [f.symbol, f.side, f.quantity, (f.time - T0) / DAY])).toEqual([
      ['AAA', 'buy', '4750', 1],
      ['BBB', 'buy', '593', 1],
    ]);
    expect(r.rebalances).toEqual([{ time: T0, targets: { AAA: 0.5, BBB: 0.25 }, reason: 'step 0' }]);
  });

  it('respects the rebalance band: a repeated target trades a drift only beyond the band', () => {
    // AAA doubles after the entry; its weight drifts from 0.475 to about 0.64 of equity.
    const bars = new Map([
      ['AAA', flat([10, 10, 20, 20, 20])],
      ['BBB', flat([10, 10, 10, 10, 10])],
    ]);
    const same = { AAA: 0.5, BBB: 0.5 };
    const script = new Map([[0, same], [3, same]]);
    const wide = runPortfolioBacktest(config(bars, scripted(script) as PortfolioStrategy<unknown>, { rebalance: { band: 0.3 } }));
    expect(wide.orders.length).toBe(2);
    const tight = runPortfolioBacktest(config(bars, scripted(script) as PortfolioStrategy<unknown>, { rebalance: { band: 0.02 } }));
    // Equity 147 500 at bar 3: AAA → 147 500 × 0.475 / 20 = 3503 (sell 1247), BBB → 7006 (buy 2256).
    expect(tight.orders.slice(2).map((o) => [o.symbol, o.side, o.quantity])).toEqual([
      ['AAA', 'sell', '1247'],
      ['BBB', 'buy', '2256'],
    ]);
    // Sell first: the buy is decided a bar after the sale (the sale pays for it in a cash account).
    const [sale, buy] = tight.orders.slice(2);
    expect(((buy?.submittedAt ?? 0) - (sale?.submittedAt ?? 0)) / DAY).toBe(1);
    expect(tight.orders.filter((o) => o.status === 'rejected')).toEqual([]);
  });

  it('a full rotation sells first and never breaks a cash account’s buying power', () => {
    // BBB sorts after AAA, so without sell-first the buy of AAA would fill at the open before BBB's sale.
    const bars = new Map([
      ['AAA', flat([10, 10, 10, 12, 12, 12])],
      ['BBB', flat([10, 10, 10, 10, 10, 10])],
    ]);
    const r = runPortfolioBacktest(config(bars, scripted(new Map<number, TargetWeights>([[0, { BBB: 1 }], [2, { AAA: 1 }]])) as PortfolioStrategy<unknown>, { rebalance: { investedFraction: 0.99 } }));
    expect(r.orders.filter((o) => o.status === 'rejected')).toEqual([]);
    expect(r.fills.map((f) => [f.symbol, f.side, f.quantity, (f.time - T0) / DAY])).toEqual([
      ['BBB', 'buy', '9900', 1],
      ['BBB', 'sell', '9900', 3],
      // Sized at bar 3's close (12): 100 000 × 0.99 / 12 = 8250.
      ['AAA', 'buy', '8250', 4],
    ]);
  });

  it('with close fills, the sale fills at the rebalance close and the buy at the next close', () => {
    const bars = new Map([
      ['AAA', flat([10, 10, 10, 12, 12, 12])],
      ['BBB', flat([10, 10, 10, 10, 10, 10])],
    ]);
    const r = runPortfolioBacktest(
      config(bars, scripted(new Map<number, TargetWeights>([[0, { BBB: 1 }], [2, { AAA: 1 }]])) as PortfolioStrategy<unknown>, { fill: 'close', rebalance: { investedFraction: 0.99 } }),
    );
    expect(r.orders.filter((o) => o.status === 'rejected')).toEqual([]);
    expect(r.fills.map((f) => [f.symbol, f.side, f.quantity, f.at, (f.time - T0) / DAY])).toEqual([
      ['BBB', 'buy', '9900', 'close', 0],
      ['BBB', 'sell', '9900', 'close', 2],
      ['AAA', 'buy', '8250', 'close', 3],
    ]);
  });

  it('a long-short flip goes flat first, then takes the other side', () => {
    const bars = new Map([
      ['AAA', flat([10, 10, 10, 10, 10])],
      ['BBB', flat([10, 10, 10, 10, 10])],
    ]);
    const r = runPortfolioBacktest(
      config(bars, scripted(new Map<number, TargetWeights>([[0, { AAA: 0.5, BBB: -0.5 }], [2, { AAA: -0.5, BBB: 0.5 }]])) as PortfolioStrategy<unknown>, { allowShort: true }),
    );
    expect(r.fills.map((f) => [f.symbol, f.positionAfter, (f.time - T0) / DAY])).toEqual([
      ['AAA', '4750', 1],
      ['BBB', '-4750', 1],
      ['AAA', '0', 3],
      ['BBB', '0', 3],
      ['AAA', '-4750', 4],
      ['BBB', '4750', 4],
    ]);
  });

  it('refuses a universe the strategy cannot trade, and a weight outside the universe', () => {
    const pairOnly = { ...scripted(new Map()), universeSize: { min: 2, max: 2 } } as PortfolioStrategy<unknown>;
    expect(() => runPortfolioBacktest(config(new Map([['AAA', flat([1, 2])]]), pairOnly))).toThrow(/exactly 2 symbols, got 1/);
    const stray = scripted(new Map([[0, { ZZZ: 1 }]])) as PortfolioStrategy<unknown>;
    expect(() => runPortfolioBacktest(config(new Map([['AAA', flat([1, 2])]]), stray))).toThrow(/ZZZ, which is not in the universe/);
  });
});
