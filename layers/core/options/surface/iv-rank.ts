/**
 * IV rank and IV percentile of today's implied volatility against a trailing window (52 weeks by default) of a
 * daily IV series. Definitions (the two are often confused; they answer different questions):
 * - IV rank = (IV_today − min) / (max − min), min and max over the window including today: where today sits in
 *   the range. 0 at the low, 1 at the high; undefined when the window has no range (max = min).
 * - IV percentile = share of the window's days before today whose IV was strictly below today's: how often IV
 *   was lower. Today is not counted against itself.
 * The window is the observations with date in (today − weeks·7 days, today]; dates are `YYYY-MM-DD`.
 */
import { DateTime } from 'luxon';

export interface DailyIv {
  readonly date: string;
  readonly iv: number;
}

export interface IvRankResult {
  readonly date: string;
  readonly iv: number;
  readonly min: number;
  readonly max: number;
  readonly rank?: number;
  readonly percentile?: number;
  /** Observations in the window, today included. */
  readonly observations: number;
  readonly windowStart: string;
  /** True when the series does not reach back to the window's start (fewer weeks of history than asked). */
  readonly shortHistory: boolean;
}

/** Rank and percentile of the series' value on `date` (default: its last date); throws when the date has no value. */
export function ivRank(series: readonly DailyIv[], options: { readonly date?: string; readonly weeks?: number } = {}): IvRankResult {
  const sorted = [...series].filter((d) => Number.isFinite(d.iv)).sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const last = sorted[sorted.length - 1];
  const date = options.date ?? last?.date;
  const today = sorted.find((d) => d.date === date);
  if (date === undefined || today === undefined) throw new Error(`no IV observation on ${date ?? '(empty series)'}`);
  const windowStart = DateTime.fromISO(date, { zone: 'utc' }).minus({ days: (options.weeks ?? 52) * 7 }).toISODate() ?? date;
  const window = sorted.filter((d) => d.date > windowStart && d.date <= date);
  const values = window.map((d) => d.iv);
  const min = Math.min(...values);
  const max = Math.max(...values);
  const before = window.filter((d) => d.date < date);
  // A week of slack: the first trading day of the window can be a few days after its calendar start.
  const coveredFrom = DateTime.fromISO(windowStart, { zone: 'utc' }).plus({ days: 7 }).toISODate() ?? windowStart;
  return {
    date,
    iv: today.iv,
    min,
    max,
    ...(max > min ? { rank: (today.iv - min) / (max - min) } : {}),
    ...(before.length > 0 ? { percentile: before.filter((d) => d.iv < today.iv).length / before.length } : {}),
    observations: window.length,
    windowStart,
    shortHistory: (sorted[0]?.date ?? date) > coveredFrom,
  };
}
