import { DateTime } from 'luxon';

/**
 * NYSE full-day closures and 1 p.m. early closes for one year, by rule (NYSE Rule 7.2) plus the
 * unscheduled closures the exchange announced. Dates are exchange-local ISO dates (YYYY-MM-DD).
 * The rules cover 1998 onwards; earlier years are outside what tradeloop trades or backtests.
 */

/** An exchange-local calendar date, YYYY-MM-DD in America/New_York. */
export type IsoDate = string;

export const NYSE_ZONE = 'America/New_York';

/** Unscheduled full-day closures (national mourning, 9/11, Hurricane Sandy). */
export const NYSE_SPECIAL_CLOSURES: Readonly<Record<IsoDate, string>> = {
  '2001-09-11': 'September 11 attacks',
  '2001-09-12': 'September 11 attacks',
  '2001-09-13': 'September 11 attacks',
  '2001-09-14': 'September 11 attacks',
  '2004-06-11': 'National day of mourning for President Reagan',
  '2007-01-02': 'National day of mourning for President Ford',
  '2012-10-29': 'Hurricane Sandy',
  '2012-10-30': 'Hurricane Sandy',
  '2018-12-05': 'National day of mourning for President G. H. W. Bush',
  '2025-01-09': 'National day of mourning for President Carter',
};

/** Unscheduled early closes that no rule produces: exchange-local close time (HH:mm). */
export const NYSE_SPECIAL_EARLY_CLOSES: Readonly<Record<IsoDate, { readonly close: string; readonly name: string }>> = {
  // The Friday after Christmas 2003 closed at 1 p.m. by NYSE announcement.
  '2003-12-26': { close: '13:00', name: 'Day after Christmas 2003' },
};

const iso = (year: number, month: number, day: number): IsoDate => DateTime.utc(year, month, day).toISODate() ?? '';

/** Luxon weekday: 1 = Monday … 7 = Sunday. */
const weekdayOf = (year: number, month: number, day: number): number => DateTime.utc(year, month, day).weekday;

/** The n-th (1-based) given weekday of a month. */
function nthWeekday(year: number, month: number, weekday: number, n: number): IsoDate {
  const first = weekdayOf(year, month, 1);
  const day = 1 + ((weekday - first + 7) % 7) + (n - 1) * 7;
  return iso(year, month, day);
}

/** The last given weekday of a month. */
function lastWeekday(year: number, month: number, weekday: number): IsoDate {
  const lastDay = DateTime.utc(year, month, 1).daysInMonth ?? 28;
  const last = weekdayOf(year, month, lastDay);
  return iso(year, month, lastDay - ((last - weekday + 7) % 7));
}

/** Saturday holidays are observed the Friday before, Sunday holidays the Monday after. */
function observed(year: number, month: number, day: number): IsoDate {
  const wd = weekdayOf(year, month, day);
  const shift = wd === 6 ? -1 : wd === 7 ? 1 : 0;
  return DateTime.utc(year, month, day).plus({ days: shift }).toISODate() ?? '';
}

/** Easter Sunday (Gregorian), by the anonymous Gregorian computus (Meeus/Jones/Butcher). */
export function easterSunday(year: number): IsoDate {
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
  return iso(year, month, day);
}

/** Full-day holidays of a year by rule, with their names. Weekend-only dates are not listed. */
export function nyseRuleHolidays(year: number): ReadonlyMap<IsoDate, string> {
  const out = new Map<IsoDate, string>();
  // New Year's Day: Sunday → Monday; Saturday is NOT moved to Friday 31 December (Rule 7.2:
  // that Friday is the end of a reporting period), so that year simply has no New Year holiday.
  if (weekdayOf(year, 1, 1) !== 6) out.set(observed(year, 1, 1), "New Year's Day");
  if (year >= 1998) out.set(nthWeekday(year, 1, 1, 3), 'Martin Luther King Jr. Day');
  out.set(nthWeekday(year, 2, 1, 3), "Washington's Birthday");
  out.set(DateTime.fromISO(easterSunday(year)).minus({ days: 2 }).toISODate() ?? '', 'Good Friday');
  out.set(lastWeekday(year, 5, 1), 'Memorial Day');
  if (year >= 2022) out.set(observed(year, 6, 19), 'Juneteenth National Independence Day');
  out.set(observed(year, 7, 4), 'Independence Day');
  out.set(nthWeekday(year, 9, 1, 1), 'Labor Day');
  out.set(nthWeekday(year, 11, 4, 4), 'Thanksgiving Day');
  out.set(observed(year, 12, 25), 'Christmas Day');
  return out;
}

/** Full-day closures of a year: rule holidays plus special closures. */
export function nyseClosures(year: number): ReadonlyMap<IsoDate, string> {
  const out = new Map(nyseRuleHolidays(year));
  for (const [date, name] of Object.entries(NYSE_SPECIAL_CLOSURES)) {
    if (date.startsWith(`${year}-`)) out.set(date, name);
  }
  return out;
}

/**
 * Scheduled 1 p.m. early closes of a year (exchange-local close time HH:mm by date):
 * - the day before Independence Day when 4 July falls Tuesday–Friday (a Monday 4 July has no
 *   early close, a weekend 4 July is observed on the adjacent weekday instead); before 2013 a
 *   Thursday 4 July shortened the Friday after (5 July) rather than the Wednesday before;
 * - the day after Thanksgiving (a 1 p.m. close since 1993);
 * - Christmas Eve when it falls Monday–Thursday (a Friday 24 December is the observed Christmas).
 */
export function nyseEarlyCloses(year: number): ReadonlyMap<IsoDate, string> {
  const out = new Map<IsoDate, string>();
  const july4 = weekdayOf(year, 7, 4);
  if (july4 === 4 && year < 2013) out.set(iso(year, 7, 5), '13:00');
  else if (july4 >= 2 && july4 <= 5) out.set(iso(year, 7, 3), '13:00');
  const thanksgiving = DateTime.fromISO(nthWeekday(year, 11, 4, 4));
  out.set(thanksgiving.plus({ days: 1 }).toISODate() ?? '', '13:00');
  const dec24 = weekdayOf(year, 12, 24);
  if (dec24 >= 1 && dec24 <= 4) out.set(iso(year, 12, 24), '13:00');
  for (const [date, special] of Object.entries(NYSE_SPECIAL_EARLY_CLOSES)) {
    if (date.startsWith(`${year}-`)) out.set(date, special.close);
  }
  return out;
}
