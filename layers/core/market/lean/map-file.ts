import type { IsoDate } from '../calendar';
import { csvRows } from './prices';
import { LeanFormatError } from './new-york-time';

/**
 * One row of a Lean map file (format L-MAP): the ticker history of one security. `ticker` is in force on dates
 * after the previous row's date up to and including `date`; the first row's date is the security's first
 * trading date (earlier dates are not this security), and a last row of 2050-12-31 means "still listed".
 */
export interface MapFileRow {
  readonly date: IsoDate;
  /** Upper-case ticker in force (Lean writes it lower case). */
  readonly ticker: string;
  /** Primary exchange code (P = NYSE Arca, Q = Nasdaq, N = NYSE, …); empty when the file has none. */
  readonly exchange: string;
}

/** Parses a Lean map file (`YYYYMMDD, ticker[, exchange]`); rows must ascend by date. */
export function parseLeanMapFile(csvText: string): readonly MapFileRow[] {
  let previous = '';
  return csvRows(csvText).map(({ line, fields }) => {
    if (fields.length < 2 || fields.length > 3) throw new LeanFormatError(`line ${line}: expected 2 or 3 map-file fields, got ${fields.length}`);
    const [date = '', ticker = '', exchange = ''] = fields;
    const match = /^(\d{4})(\d{2})(\d{2})$/.exec(date.trim());
    if (match === null) throw new LeanFormatError(`line ${line}: expected a date as YYYYMMDD, got "${date}"`);
    const [, y = '', m = '', d = ''] = match;
    const iso = `${y}-${m}-${d}`;
    if (iso <= previous) throw new LeanFormatError(`line ${line}: date ${iso} is not after the previous row's ${previous}`);
    previous = iso;
    if (!/^[a-z0-9.]+$/i.test(ticker.trim())) throw new LeanFormatError(`line ${line}: bad ticker "${ticker}"`);
    return { date: iso, ticker: ticker.trim().toUpperCase(), exchange: exchange.trim() };
  });
}

/**
 * The ticker the security traded under on `date`, or undefined before its first date or after its last
 * (delisted) date.
 */
export function tickerOn(rows: readonly MapFileRow[], date: IsoDate): string | undefined {
  const first = rows[0];
  if (first === undefined || date < first.date) return undefined;
  for (const row of rows) if (row.date >= date) return row.ticker;
  return undefined;
}

/**
 * Keeps the rows of a per-ticker data file (Lean names daily files by the ticker of the time) that belong to
 * the security of `rows`: those whose date has `ticker` in force. E.g. `bno.zip` starts in 1998 but BNO's
 * map file starts on 2010-06-02, so the earlier rows are another instrument and are dropped.
 */
export function filterByMapFile<T extends { readonly date: IsoDate }>(
  bars: readonly T[],
  rows: readonly MapFileRow[],
  ticker: string,
): readonly T[] {
  const wanted = ticker.toUpperCase();
  return bars.filter((bar) => tickerOn(rows, bar.date) === wanted);
}
