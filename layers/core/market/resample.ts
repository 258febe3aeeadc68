import type { IsoDate, TradingCalendar, TradingSession } from './calendar';
import type { OhlcvBar } from './bars';

/** Target bar sizes. Intraday sizes are aligned to the session open (09:30 New York). */
export const RESAMPLE_INTERVALS = ['5m', '15m', '30m', '1h', 'day'] as const;
export type ResampleInterval = (typeof RESAMPLE_INTERVALS)[number];

const MS_PER_MINUTE = 60_000;
const INTERVAL_MS: Readonly<Record<Exclude<ResampleInterval, 'day'>, number>> = {
  '5m': 5 * MS_PER_MINUTE,
  '15m': 15 * MS_PER_MINUTE,
  '30m': 30 * MS_PER_MINUTE,
  '1h': 60 * MS_PER_MINUTE,
};

/** A one-minute input bar (Lean `LeanMinuteTradeBar`, the port's `MinuteBar`): covers [start, start + 1 min). */
export interface MinuteInputBar extends OhlcvBar {
  /** Bar start, UTC epoch ms. */
  readonly start: number;
}

/** Which part of the session a resampled bar belongs to. */
export type SessionSegment = 'pre-market' | 'regular' | 'post-market';

/** A resampled bar: covers [start, end) of one session segment of one trading date. */
export interface ResampledBar extends OhlcvBar {
  /** Exchange-local trading date of the session. */
  readonly date: IsoDate;
  /** Bucket start, UTC epoch ms (the nominal boundary, even when the first minute of the bucket had no bar). */
  readonly start: number;
  /** Bucket end (exclusive), UTC epoch ms; clipped to the segment end (e.g. 13:00 on an early close, 16:00 for the last 1h bar). */
  readonly end: number;
  readonly segment: SessionSegment;
  /** Number of input minute bars aggregated (less than the bucket's minutes when minutes were sparse). */
  readonly minuteCount: number;
}

export interface ResampleOptions {
  /**
   * Include pre-market (04:00–09:30) and post-market (close–20:00) minutes. Default false: regular hours only.
   * Extended-hours buckets never mix with regular ones: pre-market buckets are aligned to the open, post-market
   * buckets to the close. With `day`, the one daily bar then spans 04:00–20:00.
   */
  readonly includeExtendedHours?: boolean;
}

interface Bucket {
  readonly date: IsoDate;
  readonly start: number;
  readonly end: number;
  readonly segment: SessionSegment;
}

/** The bucket a minute starting at `ts` falls in, or undefined when outside the session (or the kept segments). */
function bucketOf(ts: number, session: TradingSession, interval: ResampleInterval, extended: boolean): Bucket | undefined {
  const inRegular = ts >= session.open && ts < session.close;
  const inExtended = ts >= session.extendedOpen && ts < session.extendedClose;
  if (!inRegular && !(extended && inExtended)) return undefined;
  if (interval === 'day') {
    return extended
      ? { date: session.date, start: session.extendedOpen, end: session.extendedClose, segment: 'regular' }
      : { date: session.date, start: session.open, end: session.close, segment: 'regular' };
  }
  const size = INTERVAL_MS[interval];
  if (inRegular) {
    const start = session.open + Math.floor((ts - session.open) / size) * size;
    return { date: session.date, start, end: Math.min(start + size, session.close), segment: 'regular' };
  }
  if (ts < session.open) {
    const start = session.open + Math.floor((ts - session.open) / size) * size;
    return { date: session.date, start: Math.max(start, session.extendedOpen), end: start + size, segment: 'pre-market' };
  }
  const start = session.close + Math.floor((ts - session.close) / size) * size;
  return { date: session.date, start, end: Math.min(start + size, session.extendedClose), segment: 'post-market' };
}

interface Accumulator {
  readonly bucket: Bucket;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  /** Σ vwap × volume over bars with a vwap; undefined once a bar with volume lacks a vwap. */
  vwapNotional: number | undefined;
  minuteCount: number;
}

function finish(acc: Accumulator): ResampledBar {
  const { bucket } = acc;
  const vwap = acc.vwapNotional !== undefined && acc.volume > 0 ? acc.vwapNotional / acc.volume : undefined;
  return {
    date: bucket.date,
    start: bucket.start,
    end: bucket.end,
    segment: bucket.segment,
    open: acc.open,
    high: acc.high,
    low: acc.low,
    close: acc.close,
    volume: acc.volume,
    ...(vwap === undefined ? {} : { vwap }),
    minuteCount: acc.minuteCount,
  };
}

/**
 * Aggregates one symbol's one-minute bars into `interval` bars on `calendar`'s sessions: open = first,
 * high = max, low = min, close = last, volume = sum, vwap = volume-weighted mean of the minutes' vwaps (only
 * when every minute with volume has one). Buckets start at the session open (1h: 09:30–10:30 … 15:30–16:00),
 * never span two sessions or segments, end at the early close on half days, and exist only where at least one
 * minute bar does (sparse minutes are not filled; a bucket without trades is absent, not a flat bar).
 * Minutes outside every session (weekends, holidays, after an early close unless extended hours are kept) are
 * dropped. Input may be unsorted; it is sorted by start time. Output is ascending.
 */
export function resampleMinuteBars(
  bars: readonly MinuteInputBar[],
  interval: ResampleInterval,
  calendar: TradingCalendar,
  options: ResampleOptions = {},
): readonly ResampledBar[] {
  const extended = options.includeExtendedHours ?? false;
  const sorted = bars.every((bar, i) => i === 0 || (bars[i - 1]?.start ?? bar.start) <= bar.start)
    ? bars
    : [...bars].sort((a, b) => a.start - b.start);
  const out: ResampledBar[] = [];
  let current: Accumulator | undefined;
  for (const bar of sorted) {
    const session = calendar.session(calendar.sessionDate(bar.start));
    if (session === undefined) continue;
    const bucket = bucketOf(bar.start, session, interval, extended);
    if (bucket === undefined) continue;
    const barNotional = bar.vwap === undefined ? (bar.volume === 0 ? 0 : undefined) : bar.vwap * bar.volume;
    if (current === undefined || current.bucket.start !== bucket.start || current.bucket.end !== bucket.end) {
      if (current !== undefined) out.push(finish(current));
      current = {
        bucket,
        open: bar.open,
        high: bar.high,
        low: bar.low,
        close: bar.close,
        volume: bar.volume,
        vwapNotional: barNotional,
        minuteCount: 1,
      };
      continue;
    }
    current.high = Math.max(current.high, bar.high);
    current.low = Math.min(current.low, bar.low);
    current.close = bar.close;
    current.volume += bar.volume;
    current.vwapNotional = current.vwapNotional === undefined || barNotional === undefined ? undefined : current.vwapNotional + barNotional;
    current.minuteCount += 1;
  }
  if (current !== undefined) out.push(finish(current));
  return out;
}
