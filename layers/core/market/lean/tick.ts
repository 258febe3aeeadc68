import { scaledIntegerToDecimal, parseDecimal, ExactValueError, type Quote, type Trade, type DecimalString } from '../exact';
import { csvRows } from './prices';
import { LeanFormatError, newYorkMsToEpoch, type LeanDate } from './new-york-time';

/** Lean deci-cents: 4 decimal places. */
const DECI_CENT_SCALE = 4;

/** Epoch ms and exact ns of a Lean tick time (ms since New York midnight, possibly fractional). */
function tickTime(field: string, date: LeanDate, line: number): { ts: number; tsNs: bigint } {
  const match = /^(\d+)(?:\.(\d{1,6}))?$/.exec(field.trim());
  if (match === null) throw new LeanFormatError(`line ${line}: expected milliseconds since midnight, got "${field}"`);
  const [, whole = '', fraction = ''] = match;
  const ts = newYorkMsToEpoch(date, Number(whole));
  return { ts, tsNs: BigInt(ts) * 1_000_000n + BigInt(fraction.padEnd(6, '0')) };
}

function exact<T>(line: number, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof ExactValueError) throw new LeanFormatError(`line ${line}: ${error.message}`);
    throw error;
  }
}

/**
 * Parses a Lean tick trade CSV (L-TICK-T: `ms, price(deci-cents), quantity, exchange, sale_condition,
 * suspicious`) of New York `date` into exact trades (prices as decimal strings, e.g. 1815200 → "181.52").
 */
export function parseLeanTickTrades(csvText: string, date: LeanDate, symbol: string): readonly Trade[] {
  return csvRows(csvText).map(({ line, fields }) => {
    if (fields.length !== 6) throw new LeanFormatError(`line ${line}: expected 6 tick-trade fields, got ${fields.length}`);
    const [ms, price, quantity, exchange, condition, suspicious] = fields as [string, string, string, string, string, string];
    return {
      symbol: symbol.toUpperCase(),
      ...tickTime(ms, date, line),
      price: exact(line, () => scaledIntegerToDecimal(price, DECI_CENT_SCALE)),
      size: exact(line, () => parseDecimal(quantity)),
      exchange: exchange.trim(),
      condition: condition.trim(),
      suspicious: suspicious.trim() === '1',
    };
  });
}

/**
 * Parses a Lean tick quote CSV (L-TICK-Q: `ms, bid_price, bid_size, ask_price, ask_size, exchange, condition,
 * suspicious`): each row updates one side for one venue; the side written `0,0` is absent from the `Quote`.
 */
export function parseLeanTickQuotes(csvText: string, date: LeanDate, symbol: string): readonly Quote[] {
  return csvRows(csvText).map(({ line, fields }) => {
    if (fields.length !== 8) throw new LeanFormatError(`line ${line}: expected 8 tick-quote fields, got ${fields.length}`);
    const [ms, bidPrice, bidSize, askPrice, askSize, exchange, condition, suspicious] = fields as [string, string, string, string, string, string, string, string];
    const side = (price: string, size: string) => {
      const p = exact(line, () => scaledIntegerToDecimal(price, DECI_CENT_SCALE));
      const s = exact(line, () => parseDecimal(size));
      return p === ('0' as DecimalString) && s === ('0' as DecimalString) ? undefined : { price: p, size: s };
    };
    const bid = side(bidPrice, bidSize);
    const ask = side(askPrice, askSize);
    return {
      symbol: symbol.toUpperCase(),
      ...tickTime(ms, date, line),
      ...(bid === undefined ? {} : { bid }),
      ...(ask === undefined ? {} : { ask }),
      exchange: exchange.trim(),
      condition: condition.trim(),
      suspicious: suspicious.trim() === '1',
    };
  });
}
