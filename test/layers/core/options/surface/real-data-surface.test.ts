/**
 * The surface and IV rank on the shipped real data: GOOG's full chain on 2015-12-24 at 10:00 New York, and the
 * only year-long option series shipped (AAPL 2016-01-15 100 call through 2015).
 */
import { join } from 'node:path';
import { loadLeanDailyData } from '../../../../../layers/adapters/files';
import { loadLeanDailyOptionQuotes, loadLeanOptionDay } from '../../../../../layers/adapters/files/lean-option-loader';
import { nyseCalendar } from '../../../../../layers/core/market/calendar';
import { buildChainSnapshot, dailyIvSeries, expirySummaries, ivRank, surfacePoints } from '../../../../../layers/core/options';

const dataDir = join(__dirname, '../../../../../data');
const calendar = nyseCalendar();

describe('GOOG 2015-12-24 10:00 surface (American, Bjerksund–Stensland 2002, r = 0.25 %, q = 0)', () => {
  let summaries: ReturnType<typeof expirySummaries> = [];
  let points: NonNullable<ReturnType<typeof surfacePoints>>['points'] = [];

  beforeAll(async () => {
    const day = await loadLeanOptionDay(dataDir, 'GOOG', '2015-12-24', calendar);
    const snapshot = buildChainSnapshot('GOOG', day.contracts, day.underlyingSeries, Date.parse('2015-12-24T15:00:00Z'), day.session.open);
    const surface = surfacePoints(snapshot, calendar, { r: 0.0025, q: 0 });
    if (surface === undefined) throw new Error('no underlying price');
    points = surface.points;
    summaries = expirySummaries(surface);
    // ~2 000 American inversions run ~10× slower under Jest's VM than under plain Node.
  }, 120_000);

  it('orders bid IV ≤ mid IV ≤ ask IV wherever all three solve (the pricer is increasing in σ)', () => {
    let checked = 0;
    for (const p of points) {
      if (p.ivBid?.ok !== true || p.ivMid?.ok !== true || p.ivAsk?.ok !== true) continue;
      expect(p.ivBid.value).toBeLessThanOrEqual(p.ivMid.value + 1e-12);
      expect(p.ivMid.value).toBeLessThanOrEqual(p.ivAsk.value + 1e-12);
      checked += 1;
    }
    expect(checked).toBeGreaterThan(1000);
  });

  it('pins the term structure and skew (regression, ± 0.002 vol)', () => {
    const byExpiry = new Map(summaries.map((s) => [s.expiry, s]));
    const jan15 = byExpiry.get('2016-01-15');
    expect(jan15?.atmIv).toBeCloseTo(0.1919, 2);
    expect(Math.abs((jan15?.atmIv ?? 0) - 0.19191)).toBeLessThan(0.002);
    expect(Math.abs((jan15?.riskReversal25 ?? 0) - -0.0279)).toBeLessThan(0.002);
    // The expiry after the 2016-02-01 earnings date carries the event: Jan-29 ATM IV is well above Jan-22's.
    expect((byExpiry.get('2016-01-29')?.atmIv ?? 0) - (byExpiry.get('2016-01-22')?.atmIv ?? 1)).toBeGreaterThan(0.05);
    // Equity skew: puts richer than calls on every expiry where both 25-delta points exist.
    const withRr = summaries.filter((s) => s.riskReversal25 !== undefined);
    expect(withRr.length).toBeGreaterThanOrEqual(10);
    for (const s of withRr) expect(s.riskReversal25).toBeLessThan(0);
  });
});

describe('IV rank from the AAPL 2016-01-15 100 call through 2015 (r = 0.2 %, q = 1.8 %)', () => {
  it('builds a 249-day series and ranks 2015-12-31 against the trailing 52 weeks', async () => {
    const [option] = await loadLeanDailyOptionQuotes(dataDir, 'AAPL', 2015);
    const underlying = await loadLeanDailyData(dataDir, 'AAPL');
    if (option === undefined) throw new Error('no AAPL daily option file');
    const closes = new Map(underlying.bars.map((b) => [b.date, b.close]));
    const { series, skipped } = dailyIvSeries(option.contract, option.quotes, closes, calendar, { r: 0.002, q: 0.018 });
    expect(series).toHaveLength(249);
    expect(skipped).toEqual([{ date: '2015-07-21', reason: 'below intrinsic value' }]);
    const result = ivRank(series);
    expect(result).toMatchObject({ date: '2015-12-31', windowStart: '2015-01-01', observations: 249, shortHistory: false });
    expect(result.iv).toBeCloseTo(0.2988, 3);
    expect(result.min).toBeCloseTo(0.2748, 3);
    expect(result.max).toBeCloseTo(0.4465, 3);
    expect(result.rank).toBeCloseTo(0.1398, 2);
    expect(result.percentile).toBeCloseTo(39 / 248, 2);
  });
});
