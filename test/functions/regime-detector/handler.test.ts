import { join } from 'node:path';
import type { Context, EventBridgeEvent } from 'aws-lambda';
import { DateTime } from 'luxon';
import { loadLeanDailyData } from '../../../layers/adapters/files';
import { InMemoryCurrentRegimeStore, ManualClock, RecordingEventPublisher } from '../../../layers/adapters/memory';
import { adjustBars, nyseCalendar } from '../../../layers/core/market';
import type { MinuteBar } from '../../../layers/core/ports';

/**
 * The regime-detector handler itself (middy, Powertools, the bus-event parse, the composition) with the
 * container's AWS adapters and the Alpaca daily-bar history swapped for in-memory ones fed with REAL SPY daily
 * bars from data/. The wiring through the bus, the real Alpaca client and DynamoDB run in test/e2e/regime-detector.
 */
const newYork = (local: string): number => DateTime.fromISO(local, { zone: 'America/New_York' }).toMillis();
const mockState = {
  bars: [] as MinuteBar[],
  requests: [] as { symbols: readonly string[]; from: number; to: number; timeframe: string; options: unknown }[],
  regimes: new InMemoryCurrentRegimeStore(),
  events: new RecordingEventPublisher(),
  clock: new ManualClock(0),
};

jest.mock('../../../layers/adapters/alpaca', () => ({
  AlpacaHistoricalData: class {
    constructor(
      _clients: unknown,
      private readonly options: unknown,
    ) {}
    async bars(symbols: readonly string[], from: number, to: number, timeframe: string) {
      mockState.requests.push({ symbols, from, to, timeframe, options: this.options });
      return new Map(symbols.map((s) => [s, s === 'SPY' ? mockState.bars.filter((b) => b.start >= from && b.start < to) : []]));
    }
  },
}));
jest.mock('../../../layers/adapters/runtime/container', () => ({
  container: () => ({
    config: { TRADELOOP_WATCHLIST: ['SPY', 'NODATA'], TRADELOOP_MARKET_DATA_FEED: 'iex' },
    calendar: jest.requireActual('../../../layers/core/market').nyseCalendar(),
    aws: { stores: { currentRegime: mockState.regimes }, events: mockState.events },
    alpaca: async () => ({ clients: {}, clock: mockState.clock }),
  }),
}));

// Imported after the mocks (jest hoists jest.mock above the imports).
import { handler } from '../../../functions/regime-detector/handler';

const context = { functionName: 'regime-detector', awsRequestId: 'req-1', getRemainingTimeInMillis: () => 300_000 } as unknown as Context;
const routineEvent = (routine: string, at: number, source = 'tradeloop.calendar'): EventBridgeEvent<string, unknown> =>
  ({
    version: '0',
    id: `evt-${routine}-${at}`,
    'detail-type': 'routine.started',
    source,
    account: '000000000000',
    time: new Date(at).toISOString(),
    region: 'us-east-1',
    resources: [],
    detail: { schema: 'RoutineStartedV1', routine, sessionDate: nyseCalendar().sessionDate(at), at },
  }) as EventBridgeEvent<string, unknown>;

beforeAll(async () => {
  const data = await loadLeanDailyData(join(__dirname, '../../../data'), 'SPY');
  mockState.bars = adjustBars(data.bars, data.factors, 'split-and-dividend').map((b) => ({ symbol: 'SPY', start: newYork(`${b.date}T00:00`), open: b.open, high: b.high, low: b.low, close: b.close, volume: b.volume }));
});

describe('regime-detector handler', () => {
  it('on the nightly routine: adjusted daily bars for the watchlist, one regime.changed, the regime recorded; a redelivery does nothing', async () => {
    const at = newYork('2020-03-20T20:00');
    mockState.clock.set(at + 1_000);
    const result = await handler(routineEvent('nightly', at), context);
    expect(result.outcomes.map((o) => [o.symbol, o.kind])).toEqual([
      ['SPY', 'changed'],
      ['NODATA', 'no-regime'],
    ]);
    expect(mockState.requests).toHaveLength(1);
    expect(mockState.requests[0]).toMatchObject({ symbols: ['SPY', 'NODATA'], timeframe: '1Day', options: { feed: 'iex', adjustment: 'all' } });
    expect(mockState.events.ofType('regime.changed')).toEqual([expect.objectContaining({ eventId: 'SPY:2020-03-20', label: 'bear-volatile', previousLabel: null })]);
    expect(await mockState.regimes.currentRegime('SPY')).toMatchObject({ label: 'bear-volatile', asOf: '2020-03-20' });

    const again = await handler(routineEvent('nightly', at), context);
    expect(again.outcomes[0]).toEqual({ kind: 'already-recorded', symbol: 'SPY', asOf: '2020-03-20' });
    expect(mockState.events.ofType('regime.changed')).toHaveLength(1);
  }, 60_000);

  it('refuses an event from the wrong source or of another detail-type (terminal: parked after the retries)', async () => {
    await expect(handler(routineEvent('nightly', newYork('2020-03-20T20:00'), 'tradeloop.signals'), context)).rejects.toThrow(/must come from tradeloop.calendar/);
    await expect(handler({ ...routineEvent('nightly', 0), 'detail-type': 'signal.generated' }, context)).rejects.toThrow(/unexpected detail-type/);
  });
});
