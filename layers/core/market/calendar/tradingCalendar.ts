import { DateTime } from 'luxon';
import { type IsoDate, NYSE_ZONE, nyseClosures, nyseEarlyCloses } from './nyseHolidays';

/** One trading session of the exchange; all instants are UTC epoch ms. */
export interface TradingSession {
  /** Exchange-local session date, YYYY-MM-DD. */
  readonly date: IsoDate;
  /** Regular-hours open (09:30 New York). */
  readonly open: number;
  /** Regular-hours close (16:00, or 13:00 on an early close). */
  readonly close: number;
  readonly earlyClose: boolean;
  /** Extended hours: pre-market from 04:00, after-hours until 20:00 (16:00–20:00 also on early-close days per the extended-hours venues; Alpaca ends at 20:00). */
  readonly extendedOpen: number;
  readonly extendedClose: number;
}

/** A trading calendar answers "is the market open" questions in UTC epoch ms. */
export interface TradingCalendar {
  readonly zone: string;
  /** True for an exchange-local date (YYYY-MM-DD) with a session. */
  isTradingDay(date: IsoDate): boolean;
  /** The session of a date, or undefined on weekends, holidays and closures. */
  session(date: IsoDate): TradingSession | undefined;
  /** The exchange-local date (YYYY-MM-DD) an instant falls on, trading day or not. */
  sessionDate(ts: number): IsoDate;
  /** True when `ts` is inside a regular session: open ≤ ts < close (early closes respected). */
  isRegularHours(ts: number): boolean;
  /** True when `ts` is inside extended hours of a trading day: 04:00 ≤ local time < 20:00. */
  isExtendedHours(ts: number): boolean;
  /** The first session that opens strictly after `ts`. */
  nextSession(ts: number): TradingSession;
  /** The session in progress at `ts` (ts < close, pre-market included), else the next one to open. */
  currentOrNextSession(ts: number): TradingSession;
  /** Sessions whose dates fall in `from`..`to` (inclusive exchange-local dates), ascending. */
  sessions(from: IsoDate, to: IsoDate): readonly TradingSession[];
  /** The last session that closed at or before `ts`. */
  previousSession(ts: number): TradingSession;
  /** Full-day closure name of a date, if closed by holiday or special closure. */
  closureName(date: IsoDate): string | undefined;
}

interface YearTable {
  readonly closures: ReadonlyMap<IsoDate, string>;
  readonly earlyCloses: ReadonlyMap<IsoDate, string>;
}

/** Searching further than this for a session means the calendar is broken (no market closes for 2 weeks). */
const MAX_SEARCH_DAYS = 15;

/** The NYSE/Nasdaq equity calendar (America/New_York, 09:30–16:00, 1 p.m. early closes). */
export function nyseCalendar(): TradingCalendar {
  const years = new Map<number, YearTable>();
  const table = (year: number): YearTable => {
    let t = years.get(year);
    if (t === undefined) {
      t = { closures: nyseClosures(year), earlyCloses: nyseEarlyCloses(year) };
      years.set(year, t);
    }
    return t;
  };

  const localDate = (date: IsoDate): DateTime => {
    const d = DateTime.fromISO(date, { zone: NYSE_ZONE });
    if (!d.isValid) throw new RangeError(`not an ISO date: ${date}`);
    return d;
  };

  const at = (day: DateTime, hhmm: string): number => {
    const [h, m] = hhmm.split(':').map(Number);
    return day.set({ hour: h ?? 0, minute: m ?? 0, second: 0, millisecond: 0 }).toMillis();
  };

  // Memoised by date: replays ask for the same few dates once per bar, and sessions are immutable.
  const sessionCache = new Map<IsoDate, TradingSession | undefined>();
  const session = (date: IsoDate): TradingSession | undefined => {
    if (sessionCache.has(date)) return sessionCache.get(date);
    const computed = computeSession(date);
    sessionCache.set(date, computed);
    return computed;
  };

  const computeSession = (date: IsoDate): TradingSession | undefined => {
    const day = localDate(date).startOf('day');
    if (day.weekday > 5) return undefined;
    const t = table(day.year);
    const iso = day.toISODate() ?? date;
    if (t.closures.has(iso)) return undefined;
    const early = t.earlyCloses.get(iso);
    return {
      date: iso,
      open: at(day, '09:30'),
      close: at(day, early ?? '16:00'),
      earlyClose: early !== undefined,
      extendedOpen: at(day, '04:00'),
      extendedClose: at(day, '20:00'),
    };
  };

  const sessionDate = (ts: number): IsoDate => DateTime.fromMillis(ts, { zone: NYSE_ZONE }).toISODate() ?? '';

  const shiftDate = (date: IsoDate, days: number): IsoDate => localDate(date).plus({ days }).toISODate() ?? date;

  const nextSession = (ts: number): TradingSession => {
    let date = sessionDate(ts);
    for (let i = 0; i <= MAX_SEARCH_DAYS; i += 1, date = shiftDate(date, 1)) {
      const s = session(date);
      if (s !== undefined && s.open > ts) return s;
    }
    throw new Error(`no NYSE session within ${MAX_SEARCH_DAYS} days after ${ts}`);
  };

  return {
    zone: NYSE_ZONE,
    isTradingDay: (date) => session(date) !== undefined,
    session,
    sessionDate,
    isRegularHours(ts) {
      const s = session(sessionDate(ts));
      return s !== undefined && ts >= s.open && ts < s.close;
    },
    isExtendedHours(ts) {
      const s = session(sessionDate(ts));
      return s !== undefined && ts >= s.extendedOpen && ts < s.extendedClose;
    },
    nextSession,
    currentOrNextSession(ts) {
      const today = session(sessionDate(ts));
      return today !== undefined && ts < today.close ? today : nextSession(ts);
    },
    sessions(from, to) {
      const out: TradingSession[] = [];
      const last = localDate(to).toISODate() ?? to;
      for (let date = localDate(from).toISODate() ?? from; date <= last; date = shiftDate(date, 1)) {
        const s = session(date);
        if (s !== undefined) out.push(s);
      }
      return out;
    },
    previousSession(ts) {
      let date = sessionDate(ts);
      for (let i = 0; i <= MAX_SEARCH_DAYS; i += 1, date = shiftDate(date, -1)) {
        const s = session(date);
        if (s !== undefined && s.close <= ts) return s;
      }
      throw new Error(`no NYSE session within ${MAX_SEARCH_DAYS} days before ${ts}`);
    },
    closureName: (date) => {
      const day = localDate(date);
      return table(day.year).closures.get(day.toISODate() ?? date);
    },
  };
}
