import { FakeMarketData, InMemoryStrategyStateStore, RecordingBarQueue, RecordingEventPublisher } from '../../../../layers/adapters/memory';
import { nyseCalendar } from '../../../../layers/core/market';
import { publishClosedBars } from '../../../../layers/core/trading';
import type { MinuteBar } from '../../../../layers/core/ports';

const T0 = Date.UTC(2013, 9, 7, 13, 30); // 09:30 New York
const MIN = 60_000;

function bar(symbol: string, minute: number, close = 100 + minute): MinuteBar {
  return { symbol, start: T0 + minute * MIN, open: close, high: close, low: close, close, volume: 100 };
}

function setup() {
  const marketData = new FakeMarketData();
  const events = new RecordingEventPublisher();
  const watermarks = new InMemoryStrategyStateStore();
  const bars = new RecordingBarQueue();
  const deps = {
    marketData,
    bars,
    events,
    watermarks,
    calendar: nyseCalendar(),
    config: { watchlist: ['SPY', 'IBM'], feed: 'iex' as const, lookbackMs: 30 * MIN, watermarkKey: 'wm', session: 'regular' as const },
  };
  return { marketData, events, bars, deps };
}

describe('publishClosedBars', () => {
  it('publishes only bars that have closed, each once, oldest first', async () => {
    const { marketData, events, bars, deps } = setup();
    marketData.addBars([bar('SPY', 0), bar('SPY', 1), bar('SPY', 2), bar('IBM', 1)]);

    const first = await publishClosedBars(deps, T0 + 2 * MIN); // the 09:32 bar is still open
    expect(first.bySymbol).toEqual({ SPY: 2, IBM: 1 });
    expect(events.ofType('bar.closed').map((b) => `${b.symbol}@${(b.start - T0) / MIN}`)).toEqual(['SPY@0', 'SPY@1', 'IBM@1']);

    const second = await publishClosedBars(deps, T0 + 3 * MIN);
    expect(second.bySymbol).toEqual({ SPY: 1, IBM: 0 });
    const again = await publishClosedBars(deps, T0 + 3 * MIN); // a duplicate scheduled run
    expect(again.published).toBe(0);
    expect(events.ofType('bar.closed')).toHaveLength(4);
    // The signal engine's queue gets the same bars, in time order per symbol.
    expect(bars.sent.map((b) => `${b.symbol}@${(b.start - T0) / MIN}`)).toEqual(['SPY@0', 'SPY@1', 'IBM@1', 'SPY@2']);
  });

  it('leaves out pre-market bars unless the extended session is asked for', async () => {
    const { marketData, events, deps } = setup();
    marketData.addBars([bar('SPY', -2), bar('SPY', -1), bar('SPY', 0)]); // 09:28, 09:29, 09:30
    await publishClosedBars(deps, T0 + MIN);
    expect(events.ofType('bar.closed').map((b) => (b.start - T0) / MIN)).toEqual([0]);

    const extended = setup();
    extended.marketData.addBars([bar('SPY', -2), bar('SPY', -1), bar('SPY', 0)]);
    await publishClosedBars({ ...extended.deps, config: { ...extended.deps.config, session: 'extended' } }, T0 + MIN);
    expect(extended.events.ofType('bar.closed').map((b) => (b.start - T0) / MIN)).toEqual([-2, -1, 0]);
  });

  it('does not reach back further than the lookback window', async () => {
    const { marketData, events, deps } = setup();
    marketData.addBars([bar('SPY', 0), bar('SPY', 100)]);
    await publishClosedBars(deps, T0 + 101 * MIN);
    expect(events.ofType('bar.closed').map((b) => (b.start - T0) / MIN)).toEqual([100]);
  });
});
