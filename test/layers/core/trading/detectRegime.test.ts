import { join } from 'node:path';
import { DateTime } from 'luxon';
import { loadLeanDailyData } from '../../../../layers/adapters/files';
import { InMemoryCurrentRegimeStore, ManualClock, RecordingEventPublisher } from '../../../../layers/adapters/memory';
import { FakeRiskMarketData } from '../../../../layers/adapters/memory/risk-market';
import { RegimeChangedV1 } from '../../../../layers/contracts';
import { adjustBars, nyseCalendar } from '../../../../layers/core/market';
import type { MinuteBar } from '../../../../layers/core/ports';
import { closedSessions, detectRegime, type DetectRegimeDeps } from '../../../../layers/core/trading';

const calendar = nyseCalendar();
const newYork = (local: string): number => DateTime.fromISO(local, { zone: 'America/New_York' }).toMillis();

/** REAL data: SPY daily bars 1998-01-02..2021-03-31 shipped in data/ (split- and dividend-adjusted), stamped at New York midnight as Alpaca stamps daily bars. */
let spy: MinuteBar[];
beforeAll(async () => {
  const data = await loadLeanDailyData(join(__dirname, '../../../../data'), 'SPY');
  spy = adjustBars(data.bars, data.factors, 'split-and-dividend').map((b) => ({ symbol: 'SPY', start: newYork(`${b.date}T00:00`), open: b.open, high: b.high, low: b.low, close: b.close, volume: b.volume }));
});

function setup(watchlist: readonly string[] = ['SPY']) {
  const market = new FakeRiskMarketData();
  market.daily.set('SPY', spy);
  const regimes = new InMemoryCurrentRegimeStore();
  const events = new RecordingEventPublisher();
  const clock = new ManualClock(0);
  // Fewer restarts than the default 10: the same code path, a quarter of the time on a shared CI core.
  const deps: DetectRegimeDeps = { clock, calendar, marketData: market, regimes, events, config: { watchlist, detection: { restarts: 3 } } };
  const run = (routine: 'nightly' | 'pre-market', local: string) => {
    const at = newYork(local);
    clock.set(at + 5_000);
    return detectRegime(deps, { routine, at });
  };
  return { market, regimes, events, run };
}

describe('closedSessions', () => {
  it('keeps one bar per closed session: today is dropped until its close, ascending by session date', () => {
    const bars = spy.filter((b) => b.start >= newYork('2020-03-16T00:00') && b.start < newYork('2020-03-21T00:00'));
    expect(closedSessions(calendar, bars, newYork('2020-03-20T12:00')).map((b) => b.date)).toEqual(['2020-03-16', '2020-03-17', '2020-03-18', '2020-03-19']);
    expect(closedSessions(calendar, [...bars].reverse(), newYork('2020-03-20T16:00')).map((b) => b.date)).toEqual(['2020-03-16', '2020-03-17', '2020-03-18', '2020-03-19', '2020-03-20']);
  });
});

describe('detectRegime on real SPY daily bars', () => {
  it('publishes regime.changed once for a session and does nothing on a redelivery or the next pre-market run', async () => {
    const { regimes, events, run, market } = setup();
    const first = await run('nightly', '2020-03-20T20:00');
    expect(first.changed).toBe(1);
    const published = events.ofType('regime.changed');
    expect(published).toHaveLength(1);
    const event = RegimeChangedV1.parse(published[0]);
    // The COVID crash: SPY far below its 200-day average with record volatility.
    expect(event).toMatchObject({ eventId: 'SPY:2020-03-20', symbol: 'SPY', asOf: '2020-03-20', label: 'bear-volatile', previousLabel: null, detectedAt: newYork('2020-03-20T20:00') + 5_000 });
    expect(event.modelId).toMatch(/^hmm-k2-full-2017-03-1\d-2020-03-20-[0-9a-f]{8}$/); // 3 years of bars, up to the session just closed
    const recorded = await regimes.currentRegime('SPY');
    expect(recorded).toMatchObject({ symbol: 'SPY', label: 'bear-volatile', asOf: '2020-03-20', modelId: event.modelId, confidence: event.confidence });
    expect((recorded?.since ?? '9999') <= '2020-03-20').toBe(true);
    // At-least-once delivery: the same routine again is a no-op.
    const again = await run('nightly', '2020-03-20T20:00');
    expect(again.outcomes).toEqual([{ kind: 'already-recorded', symbol: 'SPY', asOf: '2020-03-20' }]);
    // Pre-market of the next session: no session closed since, the same bars, nothing new.
    const preMarket = await run('pre-market', '2020-03-23T09:00');
    expect(preMarket.outcomes).toEqual([{ kind: 'already-recorded', symbol: 'SPY', asOf: '2020-03-20' }]);
    expect(events.ofType('regime.changed')).toHaveLength(1);
    expect(regimes.history).toHaveLength(1);
    expect(market.calls.dailyBars).toBe(3);
  }, 60_000);

  it('night after night, publishes only when the label changes, each event chained to the previous label', async () => {
    const { regimes, events, run } = setup();
    const sessions = calendar.sessions('2020-02-18', '2020-03-27');
    for (const s of sessions) await run('nightly', `${s.date}T20:00`);
    const published = events.ofType('regime.changed');
    expect(regimes.history).toHaveLength(sessions.length);
    // Count the label changes in what was recorded, night by night.
    const labels = regimes.history.map((r) => r.label);
    const switches = labels.filter((l, i) => i === 0 || l !== labels[i - 1]).length;
    expect(published).toHaveLength(switches);
    expect(published.length).toBeGreaterThanOrEqual(2); // a calm bull at the February high, the crash in March
    expect(published[0]).toMatchObject({ asOf: '2020-02-18', previousLabel: null });
    expect(published[0]?.label.startsWith('bull')).toBe(true);
    published.forEach((e, i) => {
      if (i > 0) expect(e.previousLabel).toBe(published[i - 1]?.label);
      expect(e.eventId).toBe(`SPY:${e.asOf}`);
    });
    expect(published.some((e) => e.label === 'bear-volatile')).toBe(true);
    // `since` is kept across unchanged nights and moves on a change.
    const last = await regimes.currentRegime('SPY');
    const lastChange = published[published.length - 1];
    expect(last?.label).toBe(lastChange?.label);
    expect((last?.since ?? '9999') <= (lastChange?.asOf ?? '')).toBe(true);
  }, 120_000);

  it('reports no regime for a symbol without enough history, without stopping the others', async () => {
    const { market, events, run } = setup(['NEW', 'SPY', 'GONE']);
    market.daily.set('NEW', spy.slice(-30).map((b) => ({ ...b, symbol: 'NEW' })));
    const result = await run('nightly', '2021-03-31T20:00');
    expect(result.outcomes.map((o) => [o.symbol, o.kind])).toEqual([
      ['NEW', 'no-regime'],
      ['SPY', 'changed'],
      ['GONE', 'no-regime'],
    ]);
    expect(events.ofType('regime.changed').map((e) => e.symbol)).toEqual(['SPY']);
  }, 60_000);

  it('lets a market-data failure propagate (the invocation is retried)', async () => {
    const { market, run, events } = setup();
    market.failWith = new Error('feed down');
    await expect(run('nightly', '2020-03-20T20:00')).rejects.toThrow('feed down');
    expect(events.events).toHaveLength(0);
  });
});
