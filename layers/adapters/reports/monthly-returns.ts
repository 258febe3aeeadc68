/**
 * Calendar-month returns of an equity curve, for the report's heatmap.
 *
 * Convention: a month's return is E(last point of the month) / E(last point of the previous month
 * that has points) − 1; the first month is measured from the curve's first point. A year's total is
 * E(last point of the year) / E(last point before the year, or the first point) − 1, so the months of
 * a year compound to its total. Months are calendar months in the given time zone (the exchange's,
 * America/New_York, by default); a month without points has no cell, and the next month with points
 * is measured from the last earlier month end.
 */

import type { MonthTimeZone } from './types';

/** One calendar year of the heatmap. `months[0]` is January; `undefined` where the curve has no point. */
export interface MonthlyReturnsYear {
  readonly year: number;
  readonly months: readonly (number | undefined)[];
  readonly total: number;
}

/** Monthly returns by year, oldest first. */
export interface MonthlyReturns {
  readonly timeZone: MonthTimeZone;
  readonly years: readonly MonthlyReturnsYear[];
}

/** Returns year and month (1–12) of an epoch-ms instant in the time zone. */
export function calendarMonth(timeMs: number, format: Intl.DateTimeFormat): { readonly year: number; readonly month: number } {
  let year = Number.NaN;
  let month = Number.NaN;
  for (const part of format.formatToParts(new Date(timeMs))) {
    if (part.type === 'year') year = Number(part.value);
    else if (part.type === 'month') month = Number(part.value);
  }
  return { year, month };
}

/** Computes the monthly-returns table; an empty or invalid curve gives no years (never throws). */
export function monthlyReturns(timestamps: ArrayLike<number>, values: ArrayLike<number>, timeZone: MonthTimeZone = 'America/New_York'): MonthlyReturns {
  const format = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric' });
  const n = Math.min(timestamps.length, values.length);
  // Last point of each (year, month) in time order.
  const monthEnds: { year: number; month: number; equity: number }[] = [];
  for (let i = 0; i < n; i += 1) {
    const t = timestamps[i] ?? Number.NaN;
    const v = values[i] ?? Number.NaN;
    if (!Number.isFinite(t) || !Number.isFinite(v)) continue;
    const { year, month } = calendarMonth(t, format);
    const last = monthEnds[monthEnds.length - 1];
    if (last !== undefined && last.year === year && last.month === month) last.equity = v;
    else monthEnds.push({ year, month, equity: v });
  }
  const first = firstFinite(values, n);
  if (first === undefined || monthEnds.length === 0) return { timeZone, years: [] };

  const years: MonthlyReturnsYear[] = [];
  let base = first;
  let yearBase = first;
  let current: { year: number; months: (number | undefined)[]; end: number } | undefined;
  for (const m of monthEnds) {
    if (current === undefined || current.year !== m.year) {
      if (current !== undefined) {
        years.push({ year: current.year, months: current.months, total: current.end / yearBase - 1 });
        yearBase = current.end;
      }
      current = { year: m.year, months: new Array<number | undefined>(12).fill(undefined), end: m.equity };
    }
    current.months[m.month - 1] = m.equity / base - 1;
    current.end = m.equity;
    base = m.equity;
  }
  if (current !== undefined) years.push({ year: current.year, months: current.months, total: current.end / yearBase - 1 });
  return { timeZone, years };
}

function firstFinite(values: ArrayLike<number>, n: number): number | undefined {
  for (let i = 0; i < n; i += 1) {
    const v = values[i] ?? Number.NaN;
    if (Number.isFinite(v)) return v;
  }
  return undefined;
}
