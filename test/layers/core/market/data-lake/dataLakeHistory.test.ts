import { S3Client } from '@aws-sdk/client-s3';
import { FakeMarketData, InMemoryObjectStore, ManualClock } from '../../../../../layers/adapters/memory';
import { S3ObjectStore } from '../../../../../layers/adapters/aws';
import { nyseCalendar, parseDecimal } from '../../../../../layers/core/market';
import type { HistoricalMarketData, HistoricalQuote, HistoricalTrade } from '../../../../../layers/core/market/history';
import { DataLakeHistory, DataLakeMarketData, type CacheEvent } from '../../../../../layers/core/market/data-lake';
import type { MinuteBar, ObjectStore } from '../../../../../layers/core/ports';
import { provisionLocalResources } from '../../../../../local/provision';

const MIN = 60_000;
const MON_OPEN = Date.UTC(2013, 9, 7, 13, 30); // Mon 2013-10-07 09:30 New York
const TUE_OPEN = Date.UTC(2013, 9, 8, 13, 30);
const TUE_MIDNIGHT_NY = Date.UTC(2013, 9, 8, 4); // end of Monday in New York
const WED_MIDNIGHT_NY = Date.UTC(2013, 9, 9, 4);

/** Synthetic data (labelled synthetic): 30 minutes from each open, prints with sub-millisecond times and exact decimals. */
function tradesOf(symbol: string, open: number): HistoricalTrade[] {
  return Array.from({ length: 30 }, (_, i) => {
    const tsNs = BigInt(open + i * MIN) * 1_000_000n + 123_456n;
    return { symbol, ts: open + i * MIN, tsNs, price: parseDecimal(`${100 + i}.0125`), size: parseDecimal(`${i + 1}`), exchange: 'V', condition: '@,T', id: String(i), tape: 'B' };
  });
}
function quotesOf(symbol: string, open: number): HistoricalQuote[] {
  return Array.from({ length: 30 }, (_, i) => ({
    symbol,
    ts: open + i * MIN,
    tsNs: BigInt(open + i * MIN) * 1_000_000n,
    ...(i % 10 === 0 ? {} : { bid: { price: parseDecimal(`${99 + i}.99`), size: parseDecimal('200') } }),
    ask: { price: parseDecimal(`${100 + i}.01`), size: parseDecimal('300') },
    askExchange: 'Q',
    ...(i % 10 === 0 ? {} : { bidExchange: 'P' }),
  }));
}
function barsOf(symbol: string, open: number): MinuteBar[] {
  return Array.from({ length: 30 }, (_, i) => ({ symbol, start: open + i * MIN, open: 100 + i, high: 101 + i, low: 99 + i, close: 100.5 + i, volume: 10, vwap: 100.25 + i, tradeCount: 3 }));
}

/** A source that counts every request: a cache hit must not ask it anything. */
class CountingSource implements HistoricalMarketData {
  readonly calls: { kind: string; symbols: readonly string[]; from: number; to: number }[] = [];
  private readonly days = [MON_OPEN, TUE_OPEN];
  private pick<T>(kind: string, make: (symbol: string, open: number) => T[], time: (t: T) => number, symbols: readonly string[], from: number, to: number) {
    this.calls.push({ kind, symbols: [...symbols], from, to });
    const symbolsWithData = ['SPY', 'IBM'];
    return Promise.resolve(new Map(symbols.map((s) => [s, symbolsWithData.includes(s) ? this.days.flatMap((d) => make(s, d)).filter((x) => time(x) >= from && time(x) < to) : []])));
  }
  bars(symbols: readonly string[], from: number, to: number, timeframe: string) {
    return this.pick(`bars/${timeframe}`, barsOf, (b) => b.start, symbols, from, to);
  }
  trades(symbols: readonly string[], from: number, to: number) {
    return this.pick('trades', tradesOf, (t) => t.ts, symbols, from, to);
  }
  quotes(symbols: readonly string[], from: number, to: number) {
    return this.pick('quotes', quotesOf, (q) => q.ts, symbols, from, to);
  }
}

function setup(now: number, lake: ObjectStore = new InMemoryObjectStore()) {
  const source = new CountingSource();
  const events: CacheEvent[] = [];
  const history = new DataLakeHistory(source, lake, nyseCalendar(), new ManualClock(now), { feed: 'sip', adjustment: 'raw', onEvent: (e) => events.push(e) });
  return { source, lake, history, events };
}

describe('DataLakeHistory', () => {
  it('fetches a complete day once per kind (one request for all symbols) and serves it again exactly, sub-millisecond times included', async () => {
    const { source, history, events } = setup(WED_MIDNIGHT_NY);
    const first = await history.trades(['SPY', 'IBM'], MON_OPEN, TUE_OPEN + 30 * MIN);
    expect(source.calls.map((c) => [c.kind, c.symbols])).toEqual([['trades', ['SPY', 'IBM']], ['trades', ['SPY', 'IBM']]]);
    expect(first.get('SPY')).toEqual([...tradesOf('SPY', MON_OPEN), ...tradesOf('SPY', TUE_OPEN)]);
    const again = await history.trades(['SPY', 'IBM'], MON_OPEN, TUE_OPEN + 30 * MIN);
    expect(source.calls).toHaveLength(2); // all four symbol-days from the lake
    expect(again).toEqual(first);
    expect(events.filter((e) => e.outcome === 'hit')).toHaveLength(4);

    const quotes = await history.quotes(['IBM'], MON_OPEN + 5 * MIN, MON_OPEN + 15 * MIN);
    expect(await history.quotes(['IBM'], MON_OPEN + 5 * MIN, MON_OPEN + 15 * MIN)).toEqual(quotes);
    expect(quotes.get('IBM')).toEqual(quotesOf('IBM', MON_OPEN).slice(5, 15)); // one-sided quotes survive the round trip
    expect(source.calls).toHaveLength(3);
  });

  it('stores only days that are over: the day in progress is read live up to the clock, every time', async () => {
    const { source, lake, history } = setup(TUE_OPEN + 10 * MIN);
    const today = await history.quotes(['SPY'], TUE_OPEN, TUE_OPEN + 60 * MIN);
    expect(today.get('SPY')).toHaveLength(10);
    await history.quotes(['SPY'], TUE_OPEN, TUE_OPEN + 60 * MIN);
    expect(source.calls.map((c) => c.to)).toEqual([TUE_OPEN + 10 * MIN, TUE_OPEN + 10 * MIN]);
    expect(await lake.list('')).toEqual([]);
    // Monday ended at midnight New York time: that day is cached, Tuesday still is not.
    await history.quotes(['SPY'], MON_OPEN, TUE_OPEN + 60 * MIN);
    expect(await lake.list('')).toEqual(['quotes/sip/SPY/2013-10-07.jsonl']);
  });

  it('caches an empty complete day (never asked again) and skips closed days without asking', async () => {
    const { source, history } = setup(WED_MIDNIGHT_NY);
    expect((await history.trades(['BAC'], MON_OPEN, MON_OPEN + 60 * MIN)).get('BAC')).toEqual([]);
    expect((await history.trades(['BAC'], MON_OPEN, MON_OPEN + 60 * MIN)).get('BAC')).toEqual([]);
    expect((await history.trades(['SPY'], Date.UTC(2013, 9, 5, 12), Date.UTC(2013, 9, 7, 4))).get('SPY')).toEqual([]); // a weekend
    expect(source.calls).toHaveLength(1);
  });

  it('keeps bars of each timeframe and adjustment apart, shares 1Min objects with the minute-bar lake, passes weekly bars through', async () => {
    const { source, lake, history } = setup(WED_MIDNIGHT_NY);
    await history.bars(['SPY'], MON_OPEN, TUE_MIDNIGHT_NY, '1Min');
    await history.bars(['SPY'], MON_OPEN, TUE_MIDNIGHT_NY, '1Day');
    expect(await lake.list('bars/')).toEqual(['bars/1Day/sip/raw/SPY/2013-10-07.json', 'bars/1Min/sip/raw/SPY/2013-10-07.json']);
    const minuteLake = new DataLakeMarketData(new FakeMarketData(), lake, nyseCalendar(), new ManualClock(WED_MIDNIGHT_NY), { feed: 'sip', adjustment: 'raw' });
    expect((await minuteLake.minuteBars(['SPY'], MON_OPEN, MON_OPEN + 30 * MIN)).get('SPY')).toEqual(barsOf('SPY', MON_OPEN));
    const calls = source.calls.length;
    await history.bars(['SPY'], MON_OPEN, TUE_MIDNIGHT_NY, '1Week');
    await history.bars(['SPY'], MON_OPEN, TUE_MIDNIGHT_NY, '1Week');
    expect(source.calls.length).toBe(calls + 2);
  });

  it('writes JSON Lines objects to S3 (fauxqs) under kind, feed, symbol and date, and a fresh reader hits them', async () => {
    const { buckets } = await provisionLocalResources({ prefix: `hist${Date.now() % 100000}-` });
    const s3 = new S3ObjectStore({ bucket: buckets['data-lake'], client: new S3Client({ forcePathStyle: true }) });
    const { history } = setup(WED_MIDNIGHT_NY, s3);
    const written = await history.trades(['SPY'], MON_OPEN, TUE_OPEN + 30 * MIN);
    expect(await s3.list('trades/')).toEqual(['trades/sip/SPY/2013-10-07.jsonl', 'trades/sip/SPY/2013-10-08.jsonl']);
    const object = new TextDecoder().decode(await s3.get('trades/sip/SPY/2013-10-07.jsonl'));
    expect(object.split('\n')[0]).toBe('{"schema":"TradesDayV1","symbol":"SPY","date":"2013-10-07"}');
    expect(object.split('\n')[1]).toBe(`{"t":"${BigInt(MON_OPEN) * 1_000_000n + 123_456n}","p":"100.0125","s":"1","x":"V","c":"@,T","i":"0","z":"B"}`);
    const fresh = setup(WED_MIDNIGHT_NY, s3);
    expect(await fresh.history.trades(['SPY'], MON_OPEN, TUE_OPEN + 30 * MIN)).toEqual(written);
    expect(fresh.source.calls).toEqual([]);
  });
});
