import { join } from 'node:path';
import { loadLeanDailyData, loadLeanMinuteData } from '../../../../layers/adapters/files';
import { nyseCalendar, resampleMinuteBars, type MinuteInputBar, type ResampledBar } from '../../../../layers/core/market';

const dataDir = join(__dirname, '../../../../data');
const calendar = nyseCalendar();
const MINUTE = 60_000;
const DAYS = ['2013-10-04', '2013-10-07', '2013-10-08', '2013-10-09', '2013-10-10', '2013-10-11'];

/** New York wall clock → UTC ms (EDT = UTC−4 in October 2013, EST = UTC−5 from 3 November 2013). */
const ny = (date: string, hhmm: string): number => {
  const [y = 0, mo = 1, d = 1] = date.split('-').map(Number);
  const [h = 0, m = 0] = hhmm.split(':').map(Number);
  const offset = mo >= 11 && !(mo === 11 && d < 3) ? 5 : 4;
  return Date.UTC(y, mo - 1, d, h + offset, m);
};
const hhmm = (ts: number): string => new Date(ts - 4 * 3600_000).toISOString().slice(11, 16);

const loaded = new Map<string, Promise<readonly MinuteInputBar[]>>();
function minutes(symbol: string): Promise<readonly MinuteInputBar[]> {
  const cached = loaded.get(symbol);
  if (cached !== undefined) return cached;
  const load = loadLeanMinuteData(dataDir, [symbol], '2013-10-04', '2013-10-11').then((d) => d.trades.get(symbol) ?? []);
  loaded.set(symbol, load);
  return load;
}

/** Independent reference: aggregate the minutes whose start lies in [from, to) by brute force. */
function reference(bars: readonly MinuteInputBar[], from: number, to: number) {
  const inside = bars.filter((b) => b.start >= from && b.start < to);
  return {
    open: inside[0]?.open,
    high: Math.max(...inside.map((b) => b.high)),
    low: Math.min(...inside.map((b) => b.low)),
    close: inside.at(-1)?.close,
    volume: inside.reduce((s, b) => s + b.volume, 0),
    minuteCount: inside.length,
  };
}

describe('resampleMinuteBars on shipped Lean minute data (real, 2013-10-04..11)', () => {
  it('SPY 2013-10-07: the regular-hours daily bar equals the Lean daily file exactly (OHLC and volume)', async () => {
    const daily = resampleMinuteBars(await minutes('SPY'), 'day', calendar);
    const lean = (await loadLeanDailyData(dataDir, 'SPY')).bars.find((b) => b.date === '2013-10-07');
    expect(lean).toEqual({ date: '2013-10-07', open: 167.43, high: 168.45, low: 167.25, close: 167.42, volume: 81489219 });
    expect(daily.find((b) => b.date === '2013-10-07')).toEqual({
      ...lean, start: ny('2013-10-07', '09:30'), end: ny('2013-10-07', '16:00'), segment: 'regular', minuteCount: 390,
    });
  });

  // Known differences between Lean's daily bars and the regular-hours aggregation of its minute bars, all four
  // symbols, 2013-10-04..11 (24 symbol-days), pinned in full. Lean's daily file is built from a different
  // (consolidated daily) source: opens and closes always agree; highs and lows differ by 1 to 7 cents on 7
  // symbol-days (e.g. a minute high above the daily high: a print the daily source excluded); daily volume is
  // never below the minute sum and up to 2.08 % above it (IBM 2013-10-10). BAC agrees exactly on all 6 days.
  it('all symbols: the differences to the Lean daily file are exactly the known ones', async () => {
    const data = await loadLeanMinuteData(dataDir, ['SPY', 'IBM', 'BAC', 'AIG'], '2013-10-04', '2013-10-11');
    const differences: string[] = [];
    for (const symbol of ['SPY', 'IBM', 'BAC', 'AIG']) {
      const lean = (await loadLeanDailyData(dataDir, symbol)).bars;
      const daily = resampleMinuteBars(data.trades.get(symbol) ?? [], 'day', calendar);
      expect(daily.map((b) => b.date)).toEqual(DAYS);
      for (const bar of daily) {
        const ref = lean.find((b) => b.date === bar.date);
        if (ref === undefined) throw new Error(`no Lean daily bar ${symbol} ${bar.date}`);
        for (const field of ['open', 'high', 'low', 'close', 'volume'] as const) {
          if (ref[field] !== bar[field]) differences.push(`${symbol} ${bar.date} ${field} daily=${ref[field]} minutes=${bar[field]}`);
        }
      }
    }
    expect(differences).toEqual([
      'SPY 2013-10-08 low daily=165.37 minutes=165.36',
      'IBM 2013-10-04 high daily=185.09 minutes=185.13',
      'IBM 2013-10-04 volume daily=2745915 minutes=2729707',
      'IBM 2013-10-07 volume daily=3908081 minutes=3905041',
      'IBM 2013-10-08 high daily=181.92 minutes=181.99',
      'IBM 2013-10-08 volume daily=5410064 minutes=5378435',
      'IBM 2013-10-09 high daily=181.66 minutes=181.67',
      'IBM 2013-10-09 low daily=179.11 minutes=179.1',
      'IBM 2013-10-10 volume daily=3541699 minutes=3469427',
      'IBM 2013-10-11 volume daily=3152497 minutes=3146424',
      'AIG 2013-10-04 low daily=48.72 minutes=48.71',
      'AIG 2013-10-07 volume daily=5192111 minutes=5186809',
      'AIG 2013-10-08 volume daily=8694110 minutes=8667922',
      'AIG 2013-10-09 high daily=48.06 minutes=48.07',
      'AIG 2013-10-09 volume daily=10325245 minutes=10236003',
      'AIG 2013-10-11 volume daily=6738104 minutes=6723481',
    ]);
  });

  it('SPY 1h bars are 09:30–10:30 … 15:30–16:00, and each equals a brute-force aggregation of its minutes', async () => {
    const bars = await minutes('SPY');
    const hourly = resampleMinuteBars(bars, '1h', calendar).filter((b) => b.date === '2013-10-07');
    expect(hourly.map((b) => `${hhmm(b.start)}-${hhmm(b.end)}`)).toEqual([
      '09:30-10:30', '10:30-11:30', '11:30-12:30', '12:30-13:30', '13:30-14:30', '14:30-15:30', '15:30-16:00',
    ]);
    for (const bar of hourly) expect(bar).toMatchObject(reference(bars, bar.start, bar.end));
    expect(hourly.reduce((s, b) => s + b.volume, 0)).toBe(81489219);
  });

  it.each([
    ['5m', 78, 5],
    ['15m', 26, 15],
    ['30m', 13, 30],
  ] as const)('SPY %s: %i bars a day aligned to 09:30, matching brute force', async (interval, perDay, size) => {
    const bars = await minutes('SPY');
    const out = resampleMinuteBars(bars, interval, calendar);
    expect(out).toHaveLength(perDay * DAYS.length);
    for (const bar of out) {
      expect((bar.start - ny(bar.date, '09:30')) % (size * MINUTE)).toBe(0);
      expect(bar.end - bar.start).toBe(size * MINUTE);
      expect(bar).toMatchObject(reference(bars, bar.start, bar.end));
    }
  });

  it('IBM (sparse: 389 regular minutes on 2013-10-04) keeps nominal bucket bounds and counts real minutes', async () => {
    const day = resampleMinuteBars(await minutes('IBM'), '5m', calendar).filter((b) => b.date === '2013-10-04');
    expect(day).toHaveLength(78);
    expect(day.reduce((s, b) => s + b.minuteCount, 0)).toBe(389);
    expect(day.filter((b) => b.minuteCount === 4)).toHaveLength(1);
  });

  it('extended hours: pre-market buckets end at the open, post-market buckets start at the close', async () => {
    const bars = await minutes('SPY');
    const out = resampleMinuteBars(bars, '1h', calendar, { includeExtendedHours: true }).filter((b) => b.date === '2013-10-07');
    const pre = out.filter((b) => b.segment === 'pre-market');
    const post = out.filter((b) => b.segment === 'post-market');
    expect(pre.at(-1)).toMatchObject({ start: ny('2013-10-07', '08:30'), end: ny('2013-10-07', '09:30') });
    expect(pre[0]?.start).toBeGreaterThanOrEqual(ny('2013-10-07', '04:00'));
    expect(post[0]).toMatchObject({ start: ny('2013-10-07', '16:00'), end: ny('2013-10-07', '17:00') });
    expect(post.at(-1)?.end).toBeLessThanOrEqual(ny('2013-10-07', '20:00'));
    for (const bar of out) expect(bar).toMatchObject(reference(bars, bar.start, bar.end));
    // The extended daily bar spans 04:00–20:00 and includes every minute of the file (828 rows on 10-07).
    const day = resampleMinuteBars(bars, 'day', calendar, { includeExtendedHours: true }).find((b) => b.date === '2013-10-07');
    expect(day).toMatchObject({ start: ny('2013-10-07', '04:00'), end: ny('2013-10-07', '20:00'), minuteCount: 828, volume: 92720576 });
  });
});

describe('resampleMinuteBars on hand-made bars (synthetic, labelled)', () => {
  // SYNTHETIC: one bar per minute, 08:00–15:59 New York, on Friday 2013-11-29 (NYSE early close at 13:00),
  // price = minute index, volume 100, vwap = price + 0.5.
  const DATE = '2013-11-29';
  const synthetic: MinuteInputBar[] = [];
  for (let i = 0; i < 8 * 60; i += 1) {
    const start = ny(DATE, '08:00') + i * MINUTE;
    synthetic.push({ start, open: i, high: i + 1, low: i - 1, close: i + 0.25, volume: 100, vwap: i + 0.5 });
  }
  const at = (b: ResampledBar): string => new Date(b.start - 5 * 3600_000).toISOString().slice(11, 16);
  const endAt = (b: ResampledBar): string => new Date(b.end - 5 * 3600_000).toISOString().slice(11, 16);

  it('respects the 13:00 early close: the last 1h bar is 12:30–13:00 and later minutes are dropped', () => {
    const hourly = resampleMinuteBars(synthetic, '1h', calendar);
    expect(hourly.map((b) => `${at(b)}-${endAt(b)}`)).toEqual(['09:30-10:30', '10:30-11:30', '11:30-12:30', '12:30-13:00']);
    const last = hourly.at(-1);
    // Minutes 12:30..12:59 are indices 270..299.
    expect(last).toMatchObject({ open: 270, high: 300, low: 269, close: 299.25, volume: 3000, minuteCount: 30, segment: 'regular' });
    expect(last?.vwap).toBeCloseTo(284.5 + 0.5, 12);
    const day = resampleMinuteBars(synthetic, 'day', calendar);
    expect(day).toHaveLength(1);
    expect(day[0]).toMatchObject({ date: DATE, open: 90, close: 299.25, high: 300, low: 89, volume: 21000, minuteCount: 210 });
    expect(day[0] && endAt(day[0])).toBe('13:00');
  });

  it('with extended hours, post-market buckets start at the early close', () => {
    const out = resampleMinuteBars(synthetic, '1h', calendar, { includeExtendedHours: true });
    expect(out.map((b) => `${b.segment}:${at(b)}-${endAt(b)}`)).toEqual([
      'pre-market:07:30-08:30',
      'pre-market:08:30-09:30',
      'regular:09:30-10:30',
      'regular:10:30-11:30',
      'regular:11:30-12:30',
      'regular:12:30-13:00',
      'post-market:13:00-14:00',
      'post-market:14:00-15:00',
      'post-market:15:00-16:00',
    ]);
    // The first pre-market bucket is nominally 07:30–08:30 but only has the 08:00–08:29 minutes.
    expect(out[0]).toMatchObject({ minuteCount: 30, open: 0, volume: 3000 });
  });

  it('sparse minutes: empty buckets are absent, present buckets keep nominal bounds; vwap needs every vwap', () => {
    const sparse = synthetic.filter((_, i) => i >= 90 && i < 120 && i % 7 === 0); // minutes 09:31, 09:38, 09:45, 09:52, 09:59 (no bar in 09:40–09:44)
    const five = resampleMinuteBars(sparse, '5m', calendar);
    expect(five.map((b) => `${at(b)}:${b.minuteCount}`)).toEqual(['09:30:1', '09:35:1', '09:45:1', '09:50:1', '09:55:1']);
    const noVwap = sparse.map((b, i) => (i === 3 ? { start: b.start, open: b.open, high: b.high, low: b.low, close: b.close, volume: b.volume } : b));
    const bars = resampleMinuteBars(noVwap, '15m', calendar);
    expect(bars[0]?.vwap).toBeCloseTo((91.5 + 98.5) / 2, 12); // equal volumes: the plain mean
    expect(bars[1]?.vwap).toBeUndefined();
  });

  it('drops minutes on holidays and weekends, and sorts unsorted input', () => {
    const thanksgiving = synthetic.map((b) => ({ ...b, start: b.start - 86_400_000 })); // 2013-11-28, closed
    const saturday = synthetic.map((b) => ({ ...b, start: b.start + 86_400_000 }));
    expect(resampleMinuteBars([...thanksgiving, ...saturday], 'day', calendar)).toEqual([]);
    const shuffled = [...synthetic].reverse();
    expect(resampleMinuteBars(shuffled, '30m', calendar)).toEqual(resampleMinuteBars(synthetic, '30m', calendar));
  });
});
