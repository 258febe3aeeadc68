import { DateTime } from 'luxon';
import { easterSunday, nyseCalendar } from '../../../../../layers/core/market/calendar';
import lean from '../../../../fixtures/calendar/lean-equity-usa-market-hours.json';

/**
 * The NYSE calendar is checked day by day against QuantConnect Lean's market-hours database
 * (test/fixtures/calendar, Apache-2.0), an independent source maintained from exchange notices.
 */
const calendar = nyseCalendar();
const NY = 'America/New_York';

/** Lean's M/D/YYYY → YYYY-MM-DD. */
function fromLean(date: string): string {
  const [m, d, y] = date.split('/').map(Number);
  return DateTime.utc(y ?? 0, m ?? 0, d ?? 0).toISODate() ?? '';
}

const leanHolidays = new Set(lean.holidays.map(fromLean));
const leanEarlyCloses = new Map(Object.entries(lean.earlyCloses as Record<string, string>).map(([d, t]) => [fromLean(d), t.slice(0, 5)]));

/**
 * Where Lean's table and the exchange's published schedule differ. Lean's early-close table
 * starts in 1999; NYSE already closed at 1 p.m. on these 1998 days (the day-after-Thanksgiving
 * 1 p.m. close dates from 1993, Christmas Eve on a weekday likewise).
 */
const EARLY_CLOSE_EXCEPTIONS: Readonly<Record<string, string>> = {
  '1998-11-27': 'day after Thanksgiving 1998: NYSE closed at 13:00; Lean lists no early closes before 1999',
  '1998-12-24': 'Christmas Eve 1998 (Thursday): NYSE closed at 13:00; Lean lists no early closes before 1999',
};
const HOLIDAY_EXCEPTIONS: Readonly<Record<string, string>> = {};

describe('nyseCalendar against Lean market-hours database', () => {
  const weekdays: string[] = [];
  for (let d = DateTime.fromISO('1998-01-01', { zone: NY }); d.year <= 2028; d = d.plus({ days: 1 })) {
    if (d.weekday <= 5) weekdays.push(d.toISODate() ?? '');
  }

  it('covers every weekday 1998–2028', () => {
    expect(weekdays.length).toBeGreaterThan(8000);
  });

  it('agrees on every full-day closure (listed exceptions aside)', () => {
    const disagreements = weekdays.filter(
      (date) => !(date in HOLIDAY_EXCEPTIONS) && calendar.isTradingDay(date) === leanHolidays.has(date),
    );
    expect(disagreements).toEqual([]);
  });

  it('agrees on every early close and its time (listed exceptions aside)', () => {
    const disagreements: string[] = [];
    for (const date of weekdays) {
      const s = calendar.session(date);
      if (s === undefined || date in EARLY_CLOSE_EXCEPTIONS) continue;
      const ours = s.earlyClose ? DateTime.fromMillis(s.close, { zone: NY }).toFormat('HH:mm') : undefined;
      if (ours !== leanEarlyCloses.get(date)) disagreements.push(`${date}: ours ${ours ?? 'regular'} lean ${leanEarlyCloses.get(date) ?? 'regular'}`);
    }
    expect(disagreements).toEqual([]);
  });

  it('keeps each listed exception as a 13:00 early close', () => {
    for (const date of Object.keys(EARLY_CLOSE_EXCEPTIONS)) {
      expect(calendar.session(date)?.earlyClose).toBe(true);
      expect(leanEarlyCloses.has(date)).toBe(false);
    }
  });
});

describe('nyseCalendar rules', () => {
  it('computes Easter Sunday (published dates)', () => {
    expect(easterSunday(2024)).toBe('2024-03-31');
    expect(easterSunday(2025)).toBe('2025-04-20');
    expect(easterSunday(2000)).toBe('2000-04-23');
    expect(easterSunday(2038)).toBe('2038-04-25');
  });

  it('does not observe a Saturday New Year on the Friday before', () => {
    expect(calendar.isTradingDay('2021-12-31')).toBe(true);
    expect(calendar.isTradingDay('2022-01-03')).toBe(true);
    expect(calendar.isTradingDay('2023-01-02')).toBe(false); // Sunday → Monday
  });

  it('applies special closures', () => {
    for (const d of ['2001-09-11', '2001-09-14', '2004-06-11', '2007-01-02', '2012-10-29', '2012-10-30', '2018-12-05', '2025-01-09']) {
      expect(calendar.isTradingDay(d)).toBe(false);
    }
    expect(calendar.closureName('2025-01-09')).toMatch(/Carter/);
  });

  it('gives sessions in UTC across daylight saving time', () => {
    const winter = calendar.session('2024-01-02');
    expect(winter?.open).toBe(Date.UTC(2024, 0, 2, 14, 30));
    expect(winter?.close).toBe(Date.UTC(2024, 0, 2, 21, 0));
    const summer = calendar.session('2024-07-03');
    expect(summer?.open).toBe(Date.UTC(2024, 6, 3, 13, 30));
    expect(summer?.close).toBe(Date.UTC(2024, 6, 3, 17, 0)); // 13:00 EDT early close
    expect(summer?.extendedOpen).toBe(Date.UTC(2024, 6, 3, 8, 0));
    expect(summer?.extendedClose).toBe(Date.UTC(2024, 7 - 1, 4, 0, 0));
  });

  it('answers regular and extended hours at the boundaries', () => {
    const open = Date.UTC(2024, 0, 2, 14, 30);
    const close = Date.UTC(2024, 0, 2, 21, 0);
    expect(calendar.isRegularHours(open - 1)).toBe(false);
    expect(calendar.isRegularHours(open)).toBe(true);
    expect(calendar.isRegularHours(close - 1)).toBe(true);
    expect(calendar.isRegularHours(close)).toBe(false);
    expect(calendar.isExtendedHours(close)).toBe(true);
    expect(calendar.isExtendedHours(Date.UTC(2024, 0, 2, 9, 0))).toBe(true); // 04:00 EST
    expect(calendar.isExtendedHours(Date.UTC(2024, 0, 2, 8, 59))).toBe(false);
    // Early close: 13:30 New York on 2024-11-29 is after the close.
    expect(calendar.isRegularHours(Date.UTC(2024, 10, 29, 18, 30))).toBe(false);
    expect(calendar.isRegularHours(Date.UTC(2024, 10, 29, 17, 59))).toBe(true);
    // Holiday.
    expect(calendar.isRegularHours(Date.UTC(2024, 11, 25, 16, 0))).toBe(false);
    expect(calendar.isExtendedHours(Date.UTC(2024, 11, 25, 16, 0))).toBe(false);
  });

  it('maps instants to the New York session date', () => {
    expect(calendar.sessionDate(Date.UTC(2024, 0, 3, 3, 0))).toBe('2024-01-02'); // 22:00 EST on the 2nd
    expect(calendar.sessionDate(Date.UTC(2024, 0, 3, 5, 0))).toBe('2024-01-03');
  });

  it('finds the next and previous sessions over weekends and holidays', () => {
    const fridayAfterClose = Date.UTC(2024, 2, 28, 21, 30); // Thu 28 Mar 2024 after close; Good Friday 29 Mar
    expect(calendar.nextSession(fridayAfterClose).date).toBe('2024-04-01');
    expect(calendar.previousSession(fridayAfterClose).date).toBe('2024-03-28');
    const duringSession = Date.UTC(2024, 3, 1, 15, 0);
    expect(calendar.nextSession(duringSession).date).toBe('2024-04-02');
    expect(calendar.previousSession(duringSession).date).toBe('2024-03-28');
  });

  it('gives the session in progress, or the next one, for day-order expiry and clocks', () => {
    const thursday = calendar.session('2024-03-28');
    expect(calendar.currentOrNextSession(Date.UTC(2024, 2, 28, 12, 0))).toEqual(thursday); // pre-market
    expect(calendar.currentOrNextSession(Date.UTC(2024, 2, 28, 19, 59))).toEqual(thursday);
    expect(calendar.currentOrNextSession(Date.UTC(2024, 2, 28, 20, 0)).date).toBe('2024-04-01'); // at the close; Good Friday
    expect(calendar.currentOrNextSession(Date.UTC(2024, 2, 30, 15, 0)).date).toBe('2024-04-01'); // Saturday
  });

  it('lists the sessions of a date range, inclusive, skipping weekends and closures', () => {
    expect(calendar.sessions('2012-10-26', '2012-11-01').map((s) => s.date)).toEqual(['2012-10-26', '2012-10-31', '2012-11-01']);
    expect(calendar.sessions('2024-12-24', '2024-12-24')).toEqual([calendar.session('2024-12-24')]);
    expect(calendar.sessions('2024-12-25', '2024-12-24')).toEqual([]);
    expect(() => calendar.sessions('2024-13-01', '2024-12-31')).toThrow(RangeError);
  });
});
