/**
 * Exact market-data types for where prices and sizes are money (orders, fills, positions, order books):
 * decimal strings, never binary floating point. Analytics use the `number` bars in `./bars` instead.
 *
 * A `DecimalString` is canonical: optional minus, no leading zeros, no trailing fractional zeros, no
 * exponent, "0" for zero ("167.41", "0.0001", "-3"). Canonical form makes string equality numeric equality.
 */
export type DecimalString = string & { readonly __decimal: 'DecimalString' };

/** A malformed exact value (price, size or book): a data error, not transient. */
export class ExactValueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExactValueError';
  }
}

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?$/;

/** Parses plain decimal notation ("0167.4100" → "167.41"); rejects exponents, separators, NaN and empty text. */
export function parseDecimal(text: string): DecimalString {
  const match = DECIMAL.exec(text.trim());
  const [, sign = '', intPart = '', fracPart = ''] = match ?? [];
  if (match === null || (intPart === '' && fracPart === '')) throw new ExactValueError(`not a decimal number: "${text}"`);
  const int = intPart.replace(/^0+/, '') || '0';
  const frac = fracPart.replace(/0+$/, '');
  const body = frac === '' ? int : `${int}.${frac}`;
  return (body === '0' || sign !== '-' ? body : `-${body}`) as DecimalString;
}

/** The exact decimal of an integer count of 10^-scale units ("1674100", 4 → "167.41": Lean deci-cents). */
export function scaledIntegerToDecimal(integer: string, scale: number): DecimalString {
  const trimmed = integer.trim();
  if (!/^-?\d+$/.test(trimmed)) throw new ExactValueError(`not an integer: "${integer}"`);
  const negative = trimmed.startsWith('-');
  const digits = (negative ? trimmed.slice(1) : trimmed).padStart(scale + 1, '0');
  const text = scale === 0 ? digits : `${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}`;
  return parseDecimal(negative ? `-${text}` : text);
}

function toScaled(value: DecimalString, scale: number): bigint {
  const negative = value.startsWith('-');
  const [int = '0', frac = ''] = (negative ? value.slice(1) : value).split('.');
  const magnitude = BigInt(int + frac.padEnd(scale, '0'));
  return negative ? -magnitude : magnitude;
}

const fractionDigits = (value: DecimalString): number => value.split('.')[1]?.length ?? 0;

/** Numeric comparison of two decimals: negative, 0 or positive (exact, via BigInt). */
export function compareDecimal(a: DecimalString, b: DecimalString): number {
  const scale = Math.max(fractionDigits(a), fractionDigits(b));
  const x = toScaled(a, scale);
  const y = toScaled(b, scale);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** A trade bar with exact prices and volume. */
export interface ExactTradeBar {
  readonly symbol: string;
  /** Bar start and end (exclusive), UTC epoch ms. */
  readonly start: number;
  readonly end: number;
  readonly open: DecimalString;
  readonly high: DecimalString;
  readonly low: DecimalString;
  readonly close: DecimalString;
  readonly volume: DecimalString;
}

/** One trade print. */
export interface Trade {
  readonly symbol: string;
  /** UTC epoch ms (floor of `tsNs`). */
  readonly ts: number;
  /** UTC epoch nanoseconds (exact where the source has sub-millisecond times). */
  readonly tsNs: bigint;
  readonly price: DecimalString;
  readonly size: DecimalString;
  /** Venue code as the source writes it (Lean/AlgoSeek: P = NYSE Arca, Q = Nasdaq, N = NYSE, …). */
  readonly exchange?: string;
  /** Source sale-condition flags, uninterpreted. */
  readonly condition?: string;
  /** The source marked the print suspicious (Lean's last tick column). */
  readonly suspicious?: boolean;
}

/** A top-of-book quote update; a side absent from the update is undefined. */
export interface Quote {
  readonly symbol: string;
  readonly ts: number;
  readonly tsNs: bigint;
  readonly bid?: BookLevel;
  readonly ask?: BookLevel;
  readonly exchange?: string;
  readonly condition?: string;
  readonly suspicious?: boolean;
}

/** One price level: price and the size resting there. */
export interface BookLevel {
  readonly price: DecimalString;
  readonly size: DecimalString;
}

/** An order-book snapshot: bids best (highest) first, asks best (lowest) first; never crossed. */
export interface OrderBookSnapshot {
  readonly symbol: string;
  readonly ts: number;
  readonly bids: readonly BookLevel[];
  readonly asks: readonly BookLevel[];
}

/**
 * Builds an order-book snapshot from `[price, size]` string pairs in any order (as Binance and Hyperliquid send
 * them): parses exactly, drops zero-size levels, sorts, and rejects duplicate prices, negative sizes and a
 * crossed book (best bid ≥ best ask).
 */
export function orderBookSnapshot(
  symbol: string,
  ts: number,
  bids: readonly (readonly [string, string])[],
  asks: readonly (readonly [string, string])[],
): OrderBookSnapshot {
  const levels = (side: 'bid' | 'ask', pairs: readonly (readonly [string, string])[]): readonly BookLevel[] => {
    const parsed = pairs
      .map(([price, size]) => ({ price: parseDecimal(price), size: parseDecimal(size) }))
      .filter((level) => {
        if (level.size.startsWith('-')) throw new ExactValueError(`${side} size ${level.size} at ${level.price} is negative`);
        if (compareDecimal(level.price, '0' as DecimalString) <= 0) throw new ExactValueError(`${side} price ${level.price} is not positive`);
        return level.size !== '0';
      })
      .sort((a, b) => (side === 'bid' ? compareDecimal(b.price, a.price) : compareDecimal(a.price, b.price)));
    parsed.forEach((level, i) => {
      if (i > 0 && parsed[i - 1]?.price === level.price) throw new ExactValueError(`duplicate ${side} price ${level.price}`);
    });
    return parsed;
  };
  const book = { symbol, ts, bids: levels('bid', bids), asks: levels('ask', asks) };
  const bestBid = book.bids[0];
  const bestAsk = book.asks[0];
  if (bestBid !== undefined && bestAsk !== undefined && compareDecimal(bestBid.price, bestAsk.price) >= 0) {
    throw new ExactValueError(`crossed book: bid ${bestBid.price} ≥ ask ${bestAsk.price}`);
  }
  return book;
}
