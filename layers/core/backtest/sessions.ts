import { DateTime } from 'luxon';
import { nyseCalendar, type IsoDate, type TradingCalendar, type TradingSession } from '../market';

/**
 * Session questions the engine asks about bar instants, answered from cached boundaries: the exchange-local day
 * that contains the last instant asked about is remembered, so a run asks the calendar (luxon) once per day, not
 * once per bar.
 */
export interface SessionClock {
  /** Identity of the session of `t` (day orders expire when it changes): `sessionOf(t)` when given, else the NYSE date. */
  key(t: number): string;
  /** NYSE-local date of `t` (corporate-action ex-dates, borrow days), whatever `sessionOf` says. */
  date(t: number): IsoDate;
  /** True inside a regular session (09:30 to the close, early closes included); always true with a custom `sessionOf`. */
  regular(t: number): boolean;
  /** Regular open of the session of `t`'s date; undefined with a custom `sessionOf` or on a day without a session. */
  open(t: number): number | undefined;
  /** Regular close (16:00 or the early close) of `t`'s date; undefined as for `open`. */
  close(t: number): number | undefined;
}

interface LocalDay {
  readonly start: number;
  readonly end: number;
  readonly date: IsoDate;
  readonly session: TradingSession | undefined;
}

/**
 * The session clock of a run: NYSE calendar boundaries (regular hours, early closes) unless `sessionOf` is given,
 * in which case sessions are the keys it returns and every bar counts as regular.
 */
export function sessionClock(sessionOf: ((t: number) => string) | undefined, calendar: TradingCalendar = nyseCalendar()): SessionClock {
  let day: LocalDay | undefined;
  const localDay = (t: number): LocalDay => {
    if (day !== undefined && t >= day.start && t < day.end) return day;
    const local = DateTime.fromMillis(t, { zone: calendar.zone }).startOf('day');
    const date = local.toISODate() ?? calendar.sessionDate(t);
    day = { start: local.toMillis(), end: local.plus({ days: 1 }).toMillis(), date, session: calendar.session(date) };
    return day;
  };
  let lastT = Number.NaN;
  let lastKey = '';
  const key = (t: number): string => {
    if (t === lastT) return lastKey;
    lastT = t;
    lastKey = sessionOf === undefined ? localDay(t).date : sessionOf(t);
    return lastKey;
  };
  if (sessionOf !== undefined) {
    return { key, date: (t) => localDay(t).date, regular: () => true, open: () => undefined, close: () => undefined };
  }
  return {
    key,
    date: (t) => localDay(t).date,
    regular(t) {
      const s = localDay(t).session;
      return s !== undefined && t >= s.open && t < s.close;
    },
    open: (t) => localDay(t).session?.open,
    close: (t) => localDay(t).session?.close,
  };
}

/**
 * True when a market-on-open (`opg`) order submitted at `submittedAt` (in session `submittedKey`) fills on a bar
 * starting at `t`: the bar is in regular hours and belongs to the first regular session that opens after the
 * submission: another session than the submitting one, or (with the calendar) the same date's session when the
 * order was submitted before its open (pre-market). The engine asks only bars after the submission, in time order,
 * so the first bar that qualifies is the first bar of that session (09:30, or the first bar present after it).
 */
export function opensNewSession(clock: SessionClock, submittedAt: number, submittedKey: string, t: number): boolean {
  if (!clock.regular(t)) return false;
  if (clock.key(t) !== submittedKey) return true;
  const open = clock.open(t);
  return open !== undefined && submittedAt < open;
}

/**
 * True when a bar starting at `t` is the last regular bar of its session, the bar whose close is the session's
 * close for a market-on-close (`cls`) order. With the calendar: a regular bar whose successor (`next`, the symbol's
 * next bar start) starts at or after the session's close (16:00, 13:00 on early closes), so 15:59 of a minute
 * series and every daily bar qualify, and a series missing its 15:59 bar closes at its last bar before the close.
 * With a custom `sessionOf`: the successor belongs to another session. Without a successor (the end of the data),
 * the bar counts as its session's last.
 */
export function closesSession(clock: SessionClock, t: number, next: number | undefined): boolean {
  if (!clock.regular(t)) return false;
  if (next === undefined) return true;
  const close = clock.close(t);
  if (close !== undefined) return next >= close;
  return clock.key(next) !== clock.key(t);
}
