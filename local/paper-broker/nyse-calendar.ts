import { DateTime } from 'luxon';

/** Exchange time zone of NYSE. */
export const NYSE_ZONE = 'America/New_York';

/** One regular NYSE session: open and close as UTC epoch ms, plus its New York date. */
export interface TradingSession {
  /** `YYYY-MM-DD`, New York. */
  readonly date: string;
  readonly open: number;
  readonly close: number;
  /** Extended-hours window Alpaca reports (04:00–20:00 ET). */
  readonly sessionOpen: number;
  readonly sessionClose: number;
}

/** Easter Sunday (Gregorian, anonymous algorithm), for Good Friday. */
function easterSunday(year: number): { month: number; day: number } {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return { month, day };
}

function nthWeekday(year: number, month: number, weekday: number, n: number): DateTime {
  let day = DateTime.fromObject({ year, month, day: 1 }, { zone: NYSE_ZONE });
  while (day.weekday !== weekday) day = day.plus({ days: 1 });
  return day.plus({ weeks: n - 1 });
}

function lastWeekday(year: number, month: number, weekday: number): DateTime {
  let day = DateTime.fromObject({ year, month, day: 1 }, { zone: NYSE_ZONE }).endOf('month').startOf('day');
  while (day.weekday !== weekday) day = day.minus({ days: 1 });
  return day;
}

/** A fixed-date holiday moved to Friday when on Saturday and to Monday when on Sunday (NYSE Rule 7.2). */
function observed(year: number, month: number, day: number): DateTime {
  const date = DateTime.fromObject({ year, month, day }, { zone: NYSE_ZONE });
  if (date.weekday === 6) return date.minus({ days: 1 });
  if (date.weekday === 7) return date.plus({ days: 1 });
  return date;
}

/**
 * NYSE full-day holidays of `year` by rule (New Year, MLK Day from 1998, Presidents Day, Good Friday, Memorial Day,
 * Juneteenth from 2022, Independence Day, Labor Day, Thanksgiving, Christmas). One-off closures (e.g. Hurricane
 * Sandy 2012-10-29/30, national days of mourning) are not modelled.
 */
export function nyseHolidays(year: number): ReadonlySet<string> {
  const easter = easterSunday(year);
  const days = [
    // New Year's Day on a Saturday is not moved back into the previous year (NYSE rule).
    DateTime.fromObject({ year, month: 1, day: 1 }, { zone: NYSE_ZONE }).weekday === 6 ? undefined : observed(year, 1, 1),
    year >= 1998 ? nthWeekday(year, 1, 1, 3) : undefined,
    nthWeekday(year, 2, 1, 3),
    DateTime.fromObject({ year, month: easter.month, day: easter.day }, { zone: NYSE_ZONE }).minus({ days: 2 }),
    lastWeekday(year, 5, 1),
    year >= 2022 ? observed(year, 6, 19) : undefined,
    observed(year, 7, 4),
    nthWeekday(year, 9, 1, 1),
    nthWeekday(year, 11, 4, 4),
    observed(year, 12, 25),
  ];
  return new Set(days.flatMap((d) => (d === undefined ? [] : [d.toISODate() ?? ''])));
}

/** Early closes at 13:00 ET: July 3 (when a weekday before a weekday July 4), the day after Thanksgiving, Christmas Eve. */
function isEarlyClose(date: DateTime): boolean {
  const { year, month, day } = date;
  if (month === 7 && day === 3) return DateTime.fromObject({ year, month: 7, day: 4 }, { zone: NYSE_ZONE }).weekday <= 5;
  if (month === 12 && day === 24) return true;
  return date.hasSame(nthWeekday(year, 11, 4, 4).plus({ days: 1 }), 'day');
}

/** The regular NYSE session on New York date `isoDate` (`YYYY-MM-DD`), or undefined on weekends and holidays. */
export function nyseSession(isoDate: string): TradingSession | undefined {
  // Memoised: the broker asks for the same few dates once per bar.
  if (sessionCache.has(isoDate)) return sessionCache.get(isoDate);
  const session = computeSession(isoDate);
  sessionCache.set(isoDate, session);
  return session;
}

const sessionCache = new Map<string, TradingSession | undefined>();

function computeSession(isoDate: string): TradingSession | undefined {
  const day = DateTime.fromISO(isoDate, { zone: NYSE_ZONE }).startOf('day');
  if (!day.isValid || day.weekday > 5 || nyseHolidays(day.year).has(isoDate)) return undefined;
  const at = (hour: number, minute: number): number => day.set({ hour, minute }).toMillis();
  return {
    date: isoDate,
    open: at(9, 30),
    close: isEarlyClose(day) ? at(13, 0) : at(16, 0),
    sessionOpen: at(4, 0),
    sessionClose: at(20, 0),
  };
}

/** The New York date (`YYYY-MM-DD`) of an instant. */
export function newYorkDate(epochMs: number): string {
  return DateTime.fromMillis(epochMs, { zone: NYSE_ZONE }).toISODate() ?? '';
}

/** Sessions whose dates fall in `fromDate`..`toDate` (inclusive, `YYYY-MM-DD`), ascending. */
export function nyseSessions(fromDate: string, toDate: string): readonly TradingSession[] {
  const sessions: TradingSession[] = [];
  const end = DateTime.fromISO(toDate, { zone: NYSE_ZONE });
  for (let day = DateTime.fromISO(fromDate, { zone: NYSE_ZONE }); day <= end; day = day.plus({ days: 1 })) {
    const session = nyseSession(day.toISODate() ?? '');
    if (session !== undefined) sessions.push(session);
  }
  return sessions;
}

/** The session in progress at `at`, or the next one to open after it (searching up to two weeks ahead). */
export function currentOrNextSession(at: number): TradingSession {
  let day = DateTime.fromMillis(at, { zone: NYSE_ZONE }).startOf('day');
  for (let i = 0; i < 15; i++, day = day.plus({ days: 1 })) {
    const session = nyseSession(day.toISODate() ?? '');
    if (session !== undefined && at < session.close) return session;
  }
  throw new Error(`no NYSE session within two weeks of ${new Date(at).toISOString()}`);
}
