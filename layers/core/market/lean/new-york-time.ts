import { DateTime } from 'luxon';

/** The exchange time zone of US equity data (Lean's `dataTimeZone` for `Equity-usa-*`). */
export const NEW_YORK_ZONE = 'America/New_York';

const MS_PER_SECOND = 1000;
const MS_PER_MINUTE = 60 * MS_PER_SECOND;
const MS_PER_HOUR = 60 * MS_PER_MINUTE;

/** A trading date as Lean writes it in file names: `YYYYMMDD`. */
export type LeanDate = string;

/** Splits a `YYYYMMDD` (or `YYYY-MM-DD`) date; throws on anything else. */
export function parseLeanDate(date: string): { readonly year: number; readonly month: number; readonly day: number } {
  const match = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(date);
  if (match === null) throw new LeanFormatError(`expected a date as YYYYMMDD, got "${date}"`);
  const [, year, month, day] = match;
  return { year: Number(year), month: Number(month), day: Number(day) };
}

/**
 * UTC epoch ms of a Lean intraday timestamp: `msSinceMidnight` of the New York wall clock on `date`.
 * Lean adds the offset to the local date (wall-clock time), so it is split into h/m/s/ms and placed on
 * that day's New York calendar; luxon then applies the offset in force at that instant (EST or EDT).
 */
export function newYorkMsToEpoch(date: LeanDate, msSinceMidnight: number): number {
  if (!Number.isInteger(msSinceMidnight) || msSinceMidnight < 0 || msSinceMidnight >= 24 * MS_PER_HOUR) {
    throw new LeanFormatError(`milliseconds since midnight out of range: ${msSinceMidnight}`);
  }
  const { year, month, day } = parseLeanDate(date);
  const local = DateTime.fromObject(
    {
      year,
      month,
      day,
      hour: Math.floor(msSinceMidnight / MS_PER_HOUR),
      minute: Math.floor((msSinceMidnight % MS_PER_HOUR) / MS_PER_MINUTE),
      second: Math.floor((msSinceMidnight % MS_PER_MINUTE) / MS_PER_SECOND),
      millisecond: msSinceMidnight % MS_PER_SECOND,
    },
    { zone: NEW_YORK_ZONE },
  );
  if (!local.isValid) throw new LeanFormatError(`invalid New York time ${date} +${msSinceMidnight} ms`);
  return local.toMillis();
}

/** Malformed Lean data (a bad row, name or date): a data error, not a transient failure. */
export class LeanFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LeanFormatError';
  }
}
