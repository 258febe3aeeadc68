/**
 * Exact option quotes and prints. Quotes are money (they set limit prices and fills), so they stay decimal
 * strings; the mid of two decimals is exact too (one more decimal digit at most).
 */
import type { BookLevel, DecimalString } from '../../market/exact';
import { parseDecimal } from '../../market/exact';

/** The top of book of one contract at a time: either side may be missing (no bid is common for far OTM options). */
export interface OptionQuote {
  /** When the quote was known, UTC epoch ms (for minute bars: the bar's end). */
  readonly ts: number;
  readonly bid?: BookLevel;
  readonly ask?: BookLevel;
}

/** A last sale (from minute trade bars: the bar's close and volume, stamped at the bar's end). */
export interface OptionPrint {
  readonly ts: number;
  readonly price: DecimalString;
  readonly size: DecimalString;
}

function scaled(value: DecimalString, scale: number): bigint {
  const negative = value.startsWith('-');
  const [int = '0', frac = ''] = (negative ? value.slice(1) : value).split('.');
  const magnitude = BigInt(int + frac.padEnd(scale, '0'));
  return negative ? -magnitude : magnitude;
}

/** (a + b) / 2 exactly. */
export function midDecimal(a: DecimalString, b: DecimalString): DecimalString {
  const scale = Math.max(a.split('.')[1]?.length ?? 0, b.split('.')[1]?.length ?? 0);
  // (A + B)/2 at `scale` decimals = (A + B)·5 at `scale + 1` decimals: no rounding ever.
  const half = (scaled(a, scale) + scaled(b, scale)) * 5n;
  const out = scale + 1;
  const negative = half < 0n;
  const digits = (negative ? -half : half).toString().padStart(out + 1, '0');
  return parseDecimal(`${negative ? '-' : ''}${digits.slice(0, digits.length - out)}.${digits.slice(digits.length - out)}`);
}

/** The mid of a two-sided quote with a positive bid; undefined when a side is missing or the bid is zero. */
export function quoteMid(quote: OptionQuote | undefined): DecimalString | undefined {
  if (quote?.bid === undefined || quote.ask === undefined) return undefined;
  if (Number(quote.bid.price) <= 0) return undefined;
  return midDecimal(quote.bid.price, quote.ask.price);
}
