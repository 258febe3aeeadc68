import { S3Client } from '@aws-sdk/client-s3';
import { FakeMarketData, InMemoryObjectStore, ManualClock } from '../../../../../layers/adapters/memory';
import { S3ObjectStore } from '../../../../../layers/adapters/aws';
import { nyseCalendar } from '../../../../../layers/core/market';
import { DataLakeMarketData } from '../../../../../layers/core/market/data-lake';
import type { MinuteBar, ObjectStore } from '../../../../../layers/core/ports';
import { provisionLocalResources } from '../../../../../local/provision';

const MIN = 60_000;
const MON_OPEN = Date.UTC(2013, 9, 7, 13, 30); // Mon 2013-10-07 09:30 New York
const TUE_OPEN = Date.UTC(2013, 9, 8, 13, 30);

/** Synthetic bars (labelled synthetic): one per minute of the regular session for two days. */
function sessionBars(symbol: string, open: number): MinuteBar[] {
  return Array.from({ length: 390 }, (_, i) => ({ symbol, start: open + i * MIN, open: 100 + i, high: 101 + i, low: 99 + i, close: 100.5 + i, volume: 10 }));
}

class CountingMarketData extends FakeMarketData {
  calls: { symbols: readonly string[]; from: number; to: number }[] = [];
  override async minuteBars(symbols: readonly string[], from: number, to: number) {
    this.calls.push({ symbols: [...symbols], from, to });
    return super.minuteBars(symbols, from, to);
  }
}

function setup(now: number, lake: ObjectStore = new InMemoryObjectStore()) {
  const source = new CountingMarketData();
  source.addBars([...sessionBars('SPY', MON_OPEN), ...sessionBars('SPY', TUE_OPEN), ...sessionBars('IBM', MON_OPEN)]);
  const clock = new ManualClock(now);
  const data = new DataLakeMarketData(source, lake, nyseCalendar(), clock, { feed: 'iex', adjustment: 'raw' });
  return { source, clock, lake, data };
}

describe('DataLakeMarketData', () => {
  it('fetches a completed day once per symbol, then serves it from the lake with identical bars', async () => {
    const { source, data } = setup(TUE_OPEN + 60 * MIN);
    const first = await data.minuteBars(['SPY', 'IBM'], MON_OPEN + 10 * MIN, MON_OPEN + 20 * MIN);
    expect(first.get('SPY')?.map((b) => (b.start - MON_OPEN) / MIN)).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
    expect(source.calls).toHaveLength(1); // the whole extended-hours day of both symbols, in one request
    const again = await data.minuteBars(['SPY', 'IBM'], MON_OPEN, MON_OPEN + 390 * MIN);
    expect(source.calls).toHaveLength(1);
    expect(again.get('SPY')).toHaveLength(390);
    expect(again.get('SPY')?.slice(10, 20)).toEqual(first.get('SPY'));
    expect(again.get('IBM')?.[0]).toEqual(sessionBars('IBM', MON_OPEN)[0]);
  });

  it('never caches the session in progress, and skips closed days without asking the source', async () => {
    const { source, lake, data } = setup(TUE_OPEN + 30 * MIN);
    const weekend = await data.minuteBars(['SPY'], Date.UTC(2013, 9, 5, 14), Date.UTC(2013, 9, 6, 20));
    expect(weekend.get('SPY')).toEqual([]);
    expect(source.calls).toHaveLength(0);
    const today = await data.minuteBars(['SPY'], TUE_OPEN, TUE_OPEN + 60 * MIN);
    expect(today.get('SPY')?.length).toBe(30); // only what has happened by the clock
    await data.minuteBars(['SPY'], TUE_OPEN, TUE_OPEN + 60 * MIN);
    expect(source.calls).toHaveLength(2);
    expect(await lake.list('bars/')).toEqual([]);
  });

  it('stores days in S3 (fauxqs) under feed, adjustment, symbol and date', async () => {
    const { buckets } = await provisionLocalResources({ prefix: `lake${Date.now() % 100000}-` });
    const s3 = new S3ObjectStore({ bucket: buckets['data-lake'], client: new S3Client({ forcePathStyle: true }) });
    const { data, source } = setup(TUE_OPEN + 700 * MIN, s3);
    await data.minuteBars(['SPY'], MON_OPEN, TUE_OPEN + 390 * MIN);
    expect(await s3.list('bars/')).toEqual(['bars/1Min/iex/raw/SPY/2013-10-07.json', 'bars/1Min/iex/raw/SPY/2013-10-08.json']);
    const fresh = new DataLakeMarketData(source, s3, nyseCalendar(), new ManualClock(TUE_OPEN + 700 * MIN), { feed: 'iex', adjustment: 'raw' });
    const calls = source.calls.length;
    expect((await fresh.minuteBars(['SPY'], TUE_OPEN, TUE_OPEN + 5 * MIN)).get('SPY')).toHaveLength(5);
    expect(source.calls).toHaveLength(calls);
  });
});
