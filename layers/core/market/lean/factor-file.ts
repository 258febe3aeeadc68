import type { IsoDate } from '../calendar';
import { csvRows } from './prices';
import { LeanFormatError } from './new-york-time';

/**
 * One row of a Lean factor file (format L-FACTOR). Its factors apply to prices on dates after the previous
 * row's date, up to and including `date` (the row's date is the last day that still trades at the old basis,
 * i.e. the day before the ex-date). The first row's factors also cover every earlier date; the last row is
 * `2050-12-31, 1, 1` (no adjustment for recent dates).
 */
export interface FactorFileRow {
  readonly date: IsoDate;
  /** Cumulative dividend adjustment: adjusted = raw × priceFactor × splitFactor. */
  readonly priceFactor: number;
  /** Cumulative split adjustment (e.g. 1/28 = 7:1 then 4:1 for AAPL before 2014-06-09). */
  readonly splitFactor: number;
  /** Lean's reference (previous close) price in USD for the event; informational. */
  readonly referencePrice: number;
}

/** The two factors in force on one date. */
export interface PriceFactors {
  readonly priceFactor: number;
  readonly splitFactor: number;
}

function isoFromCompact(field: string, line: number): IsoDate {
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(field.trim());
  if (match === null) throw new LeanFormatError(`line ${line}: expected a date as YYYYMMDD, got "${field}"`);
  const [, y = '', m = '', d = ''] = match;
  return `${y}-${m}-${d}`;
}

function positive(field: string, what: string, line: number): number {
  const value = Number(field.trim());
  if (field.trim() === '' || !Number.isFinite(value) || value <= 0) {
    throw new LeanFormatError(`line ${line}: expected a positive ${what}, got "${field}"`);
  }
  return value;
}

/** Parses a Lean factor file (`YYYYMMDD, price_factor, split_factor, reference_price`); rows must ascend by date. */
export function parseLeanFactorFile(csvText: string): readonly FactorFileRow[] {
  let previous = '';
  return csvRows(csvText).map(({ line, fields }) => {
    if (fields.length !== 4) throw new LeanFormatError(`line ${line}: expected 4 factor-file fields, got ${fields.length}`);
    const [date, price, split, reference] = fields as [string, string, string, string];
    const iso = isoFromCompact(date, line);
    if (iso <= previous) throw new LeanFormatError(`line ${line}: date ${iso} is not after the previous row's ${previous}`);
    previous = iso;
    const referencePrice = Number(reference.trim());
    if (reference.trim() === '' || !Number.isFinite(referencePrice) || referencePrice < 0) {
      throw new LeanFormatError(`line ${line}: expected a non-negative reference price, got "${reference}"`);
    }
    return {
      date: iso,
      priceFactor: positive(price, 'price factor', line),
      splitFactor: positive(split, 'split factor', line),
      referencePrice,
    };
  });
}

const UNADJUSTED: PriceFactors = { priceFactor: 1, splitFactor: 1 };

/**
 * The factors in force on `date`: those of the first row whose date is on or after `date` (binary search).
 * After the last row (or with no rows) nothing is adjusted.
 */
export function factorsOn(rows: readonly FactorFileRow[], date: IsoDate): PriceFactors {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const row = rows[mid];
    if (row !== undefined && row.date < date) lo = mid + 1;
    else hi = mid;
  }
  const row = rows[lo];
  return row === undefined ? UNADJUSTED : { priceFactor: row.priceFactor, splitFactor: row.splitFactor };
}
