import { csvRows, deciCentsToUsd, parseCount } from './prices';
import { LeanFormatError, newYorkMsToEpoch, type LeanDate } from './new-york-time';

/** One Lean minute trade bar (format L-MIN-T), times in UTC epoch ms, prices in USD. */
export interface LeanMinuteTradeBar {
  /** Bar start (the bar covers [start, start + 60 s)). */
  readonly start: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  /** Shares traded in the minute. */
  readonly volume: number;
}

/**
 * Parses a Lean minute trade CSV (`ms, open, high, low, close, volume`, deci-cents, no header) of the
 * New York trading `date` (`YYYYMMDD`, from the file name). Rows keep file order (Lean writes them ascending).
 */
export function parseLeanMinuteTradeBars(csvText: string, date: LeanDate): readonly LeanMinuteTradeBar[] {
  return csvRows(csvText).map(({ line, fields }) => {
    if (fields.length !== 6) throw new LeanFormatError(`line ${line}: expected 6 trade-bar fields, got ${fields.length}`);
    const [ms, open, high, low, close, volume] = fields as [string, string, string, string, string, string];
    return {
      start: newYorkMsToEpoch(date, parseCount(ms, 'millisecond offset', line)),
      open: deciCentsToUsd(open, line),
      high: deciCentsToUsd(high, line),
      low: deciCentsToUsd(low, line),
      close: deciCentsToUsd(close, line),
      volume: parseCount(volume, 'volume', line),
    };
  });
}
