import { csvRows, deciCentsToUsd, parseCount } from './prices';
import { LeanFormatError, newYorkMsToEpoch, type LeanDate } from './new-york-time';

/** One side (bid or ask) of a minute quote bar: OHLC of that side's best price, and its last size. */
export interface QuoteSideBar {
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  /** Size (shares) of the last quote of the minute. */
  readonly lastSize: number;
}

/** One Lean minute quote bar (format L-MIN-Q); a side is absent when Lean wrote it empty (`,,,,,0`). */
export interface LeanMinuteQuoteBar {
  /** Bar start, UTC epoch ms. */
  readonly start: number;
  readonly bid?: QuoteSideBar;
  readonly ask?: QuoteSideBar;
}

function side(fields: readonly string[], line: number): QuoteSideBar | undefined {
  const [open = '', high = '', low = '', close = '', size = ''] = fields;
  if (open.trim() === '' && high.trim() === '' && low.trim() === '' && close.trim() === '') return undefined;
  return {
    open: deciCentsToUsd(open, line),
    high: deciCentsToUsd(high, line),
    low: deciCentsToUsd(low, line),
    close: deciCentsToUsd(close, line),
    lastSize: parseCount(size, 'quote size', line),
  };
}

/**
 * Parses a Lean minute quote CSV (`ms, bid OHLC, last bid size, ask OHLC, last ask size`, deci-cents, no header)
 * of the New York trading `date` (`YYYYMMDD`).
 */
export function parseLeanMinuteQuoteBars(csvText: string, date: LeanDate): readonly LeanMinuteQuoteBar[] {
  return csvRows(csvText).map(({ line, fields }) => {
    if (fields.length !== 11) throw new LeanFormatError(`line ${line}: expected 11 quote-bar fields, got ${fields.length}`);
    const [ms = ''] = fields;
    const bid = side(fields.slice(1, 6), line);
    const ask = side(fields.slice(6, 11), line);
    return {
      start: newYorkMsToEpoch(date, parseCount(ms, 'millisecond offset', line)),
      ...(bid === undefined ? {} : { bid }),
      ...(ask === undefined ? {} : { ask }),
    };
  });
}
