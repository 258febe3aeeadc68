/**
 * Object formats of the data lake, one object per symbol and New York trading day.
 *
 * Bars: one JSON document (`MinuteBarsDayV1` for 1Min, the format the Lambdas' minute-bar lake already writes,
 * so both share objects; `BarsDayV1` with its timeframe otherwise). Trades and quotes: JSON Lines, a header line
 * then one line per item, because a liquid symbol has hundreds of thousands of prints a day and lines can be
 * streamed. Prices and sizes are the exact decimal strings of the core types; times are epoch nanoseconds as
 * decimal strings (beyond 2^53, so not JSON numbers).
 */
import { z } from 'zod';
import type { MinuteBar } from '../../ports';
import { parseDecimal, type BookLevel } from '../exact';
import type { HistoricalQuote, HistoricalTrade } from '../history';
import { nanosToMillis } from '../history';
import type { IsoDate } from '../calendar';

const BarRow = z.object({
  start: z.number(),
  open: z.number(),
  high: z.number(),
  low: z.number(),
  close: z.number(),
  volume: z.number(),
  vwap: z.number().optional(),
  tradeCount: z.number().optional(),
});

/** One symbol-day of bars. */
export const StoredBars = z.object({
  schema: z.enum(['MinuteBarsDayV1', 'BarsDayV1']),
  timeframe: z.string().optional(),
  symbol: z.string(),
  date: z.string(),
  bars: z.array(BarRow),
});

export function encodeBars(symbol: string, date: IsoDate, timeframe: string, bars: readonly MinuteBar[]): string {
  const rows = bars.map(({ symbol: _symbol, ...rest }) => rest);
  return JSON.stringify(timeframe === '1Min' ? { schema: 'MinuteBarsDayV1', symbol, date, bars: rows } : { schema: 'BarsDayV1', timeframe, symbol, date, bars: rows });
}

export function decodeBars(stored: Uint8Array, symbol: string): readonly MinuteBar[] {
  return StoredBars.parse(JSON.parse(new TextDecoder().decode(stored))).bars.map((bar) => ({ symbol, ...bar }));
}

const Header = z.object({ schema: z.string(), symbol: z.string(), date: z.string() });
const Decimal = z.string().transform((text) => parseDecimal(text));
const Nanos = z.string().regex(/^-?\d+$/).transform((text) => BigInt(text));
const TradeLine = z.object({ t: Nanos, p: Decimal, s: Decimal, x: z.string().optional(), c: z.string().optional(), i: z.string().optional(), z: z.string().optional() });
const QuoteLine = z.object({
  t: Nanos,
  bp: Decimal.optional(),
  bs: Decimal.optional(),
  ap: Decimal.optional(),
  as: Decimal.optional(),
  bx: z.string().optional(),
  ax: z.string().optional(),
  c: z.string().optional(),
  z: z.string().optional(),
});

/** Drops undefined fields so the stored lines stay minimal and decode to the same objects. */
const defined = (entries: Record<string, string | undefined>): Record<string, string> =>
  Object.fromEntries(Object.entries(entries).filter((entry): entry is [string, string] => entry[1] !== undefined));

function jsonLines(schema: string, symbol: string, date: IsoDate, lines: readonly Record<string, string>[]): string {
  return [JSON.stringify({ schema, symbol, date }), ...lines.map((line) => JSON.stringify(line))].join('\n') + '\n';
}

/** The item lines of a JSON Lines object after checking its header names the expected schema. */
function linesOf(stored: Uint8Array, schema: string): readonly unknown[] {
  const [header = '', ...rest] = new TextDecoder().decode(stored).split('\n').filter((line) => line.trim() !== '');
  const parsed = Header.parse(JSON.parse(header));
  if (parsed.schema !== schema) throw new Error(`data lake object is ${parsed.schema}, expected ${schema}`);
  return rest.map((line) => JSON.parse(line) as unknown);
}

export function encodeTrades(symbol: string, date: IsoDate, trades: readonly HistoricalTrade[]): string {
  return jsonLines(
    'TradesDayV1',
    symbol,
    date,
    trades.map((t) => defined({ t: t.tsNs.toString(), p: t.price, s: t.size, x: t.exchange, c: t.condition, i: t.id, z: t.tape })),
  );
}

export function decodeTrades(stored: Uint8Array, symbol: string): readonly HistoricalTrade[] {
  return linesOf(stored, 'TradesDayV1').map((line) => {
    const t = TradeLine.parse(line);
    return {
      symbol,
      ts: nanosToMillis(t.t),
      tsNs: t.t,
      price: t.p,
      size: t.s,
      ...(t.x === undefined ? {} : { exchange: t.x }),
      ...(t.c === undefined ? {} : { condition: t.c }),
      ...(t.i === undefined ? {} : { id: t.i }),
      ...(t.z === undefined ? {} : { tape: t.z }),
    };
  });
}

export function encodeQuotes(symbol: string, date: IsoDate, quotes: readonly HistoricalQuote[]): string {
  return jsonLines(
    'QuotesDayV1',
    symbol,
    date,
    quotes.map((q) => defined({ t: q.tsNs.toString(), bp: q.bid?.price, bs: q.bid?.size, ap: q.ask?.price, as: q.ask?.size, bx: q.bidExchange, ax: q.askExchange, c: q.condition, z: q.tape })),
  );
}

const level = (price: BookLevel['price'] | undefined, size: BookLevel['size'] | undefined): BookLevel | undefined =>
  price === undefined || size === undefined ? undefined : { price, size };

export function decodeQuotes(stored: Uint8Array, symbol: string): readonly HistoricalQuote[] {
  return linesOf(stored, 'QuotesDayV1').map((line) => {
    const q = QuoteLine.parse(line);
    const bid = level(q.bp, q.bs);
    const ask = level(q.ap, q.as);
    return {
      symbol,
      ts: nanosToMillis(q.t),
      tsNs: q.t,
      ...(bid === undefined ? {} : { bid }),
      ...(ask === undefined ? {} : { ask }),
      ...(q.bx === undefined ? {} : { bidExchange: q.bx }),
      ...(q.ax === undefined ? {} : { askExchange: q.ax }),
      ...(q.c === undefined ? {} : { condition: q.c }),
      ...(q.z === undefined ? {} : { tape: q.z }),
    };
  });
}
