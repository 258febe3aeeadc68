/**
 * Lean open-interest files: `ms_since_midnight, open_interest` (minute) or `YYYYMMDD 00:00, open_interest`
 * (daily), one CSV per contract. OCC publishes open interest once a day before the open (Lean stamps it
 * about 06:30 New York), so one row per day is normal.
 */
import { LeanFormatError, newYorkMsToEpoch } from '../../market/lean';

export interface OpenInterestRow {
  /** UTC epoch ms at which the figure was published. */
  readonly ts: number;
  readonly openInterest: number;
}

/** Parses one open-interest CSV of the New York trading `date` (`YYYYMMDD`; ignored for daily rows, which carry their own). */
export function parseLeanOpenInterest(csvText: string, date?: string): readonly OpenInterestRow[] {
  const rows: OpenInterestRow[] = [];
  csvText.split(/\r?\n/).forEach((line, index) => {
    if (line.trim() === '') return;
    const [time = '', value = ''] = line.split(',');
    if (!/^\d+$/.test(value.trim())) throw new LeanFormatError(`line ${index + 1}: expected an integer open interest, got "${value}"`);
    const daily = /^(\d{8}) \d{2}:\d{2}$/.exec(time.trim());
    let ts: number;
    if (daily !== null) ts = newYorkMsToEpoch(daily[1] ?? '', 0);
    else if (/^\d+$/.test(time.trim()) && date !== undefined) ts = newYorkMsToEpoch(date, Number(time));
    else throw new LeanFormatError(`line ${index + 1}: expected a time, got "${time}"`);
    rows.push({ ts, openInterest: Number(value) });
  });
  return rows;
}
