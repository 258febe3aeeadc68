import type { DailyBar } from '../bars';
import { csvRows, deciCentsToUsd, parseCount } from './prices';
import { LeanFormatError } from './new-york-time';

/**
 * Parses a Lean daily equity CSV (format L-DAY: `YYYYMMDD HH:MM, open, high, low, close, volume`, prices in
 * deci-cents, no header). The time is always 00:00 in US equity files and is dropped: a daily bar belongs to
 * its exchange-local trading date. Prices are raw (unadjusted); see `adjustBars`.
 */
export function parseLeanDailyBars(csvText: string): readonly DailyBar[] {
  let previous = '';
  return csvRows(csvText).map(({ line, fields }) => {
    if (fields.length !== 6) throw new LeanFormatError(`line ${line}: expected 6 daily-bar fields, got ${fields.length}`);
    const [stamp, open, high, low, close, volume] = fields as [string, string, string, string, string, string];
    const match = /^(\d{4})(\d{2})(\d{2}) (\d{2}):(\d{2})$/.exec(stamp.trim());
    if (match === null) throw new LeanFormatError(`line ${line}: expected "YYYYMMDD HH:MM", got "${stamp}"`);
    const [, y = '', m = '', d = ''] = match;
    const date = `${y}-${m}-${d}`;
    if (date <= previous) throw new LeanFormatError(`line ${line}: date ${date} is not after the previous row's ${previous}`);
    previous = date;
    return {
      date,
      open: deciCentsToUsd(open, line),
      high: deciCentsToUsd(high, line),
      low: deciCentsToUsd(low, line),
      close: deciCentsToUsd(close, line),
      volume: parseCount(volume, 'volume', line),
    };
  });
}
