import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { NYSE_ZONE } from '../../../layers/core/market';
import { formatRfc3339Nanos, type HistoricalQuote, type HistoricalTrade } from '../../../layers/core/market/history';
import type { MinuteBar } from '../../../layers/core/ports';

export type DataKind = 'bars' | 'trades' | 'quotes';
export type OutputFormat = 'csv' | 'jsonl';

/** Quotes a CSV field only when it needs it (conditions are comma lists). */
const field = (value: string | number | undefined): string => {
  const text = value === undefined ? '' : String(value);
  return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};
const row = (values: readonly (string | number | undefined)[]): string => values.map(field).join(',');

/**
 * The bar's Date column: the New York date for daily and longer bars (what `tradeloop backtest --data` reads),
 * New York local time with its offset for intraday bars (the exchange's clock, unambiguous across DST).
 */
function barDate(start: number, timeframe: string): string {
  const local = DateTime.fromMillis(start, { zone: NYSE_ZONE });
  return /(Day|Week|Month)$/.test(timeframe) ? local.toISODate() ?? '' : local.toISO({ suppressMilliseconds: true }) ?? '';
}

function barsText(bars: readonly MinuteBar[], timeframe: string, format: OutputFormat): string {
  if (format === 'jsonl') return bars.map((b) => JSON.stringify({ t: new Date(b.start).toISOString(), o: b.open, h: b.high, l: b.low, c: b.close, v: b.volume, vw: b.vwap, n: b.tradeCount })).join('\n');
  return [row(['Date', 'Open', 'High', 'Low', 'Close', 'Volume']), ...bars.map((b) => row([barDate(b.start, timeframe), b.open, b.high, b.low, b.close, b.volume]))].join('\n');
}

function tradesText(trades: readonly HistoricalTrade[], format: OutputFormat): string {
  if (format === 'jsonl') return trades.map((t) => JSON.stringify({ t: formatRfc3339Nanos(t.tsNs), p: t.price, s: t.size, x: t.exchange, c: t.condition, i: t.id, z: t.tape })).join('\n');
  return [row(['Time', 'Price', 'Size', 'Exchange', 'Conditions', 'Id', 'Tape']), ...trades.map((t) => row([formatRfc3339Nanos(t.tsNs), t.price, t.size, t.exchange, t.condition, t.id, t.tape]))].join('\n');
}

function quotesText(quotes: readonly HistoricalQuote[], format: OutputFormat): string {
  if (format === 'jsonl') {
    return quotes
      .map((q) => JSON.stringify({ t: formatRfc3339Nanos(q.tsNs), bp: q.bid?.price, bs: q.bid?.size, ap: q.ask?.price, as: q.ask?.size, bx: q.bidExchange, ax: q.askExchange, c: q.condition, z: q.tape }))
      .join('\n');
  }
  return [
    row(['Time', 'BidPrice', 'BidSize', 'AskPrice', 'AskSize', 'BidExchange', 'AskExchange', 'Conditions', 'Tape']),
    ...quotes.map((q) => row([formatRfc3339Nanos(q.tsNs), q.bid?.price, q.bid?.size, q.ask?.price, q.ask?.size, q.bidExchange, q.askExchange, q.condition, q.tape])),
  ].join('\n');
}

export type FetchedItems =
  | { readonly kind: 'bars'; readonly timeframe: string; readonly items: readonly MinuteBar[] }
  | { readonly kind: 'trades'; readonly items: readonly HistoricalTrade[] }
  | { readonly kind: 'quotes'; readonly items: readonly HistoricalQuote[] };

/** Writes one symbol's items to `<dir>/<SYMBOL>.<kind>[.<timeframe>].<csv|jsonl>` and returns the path. */
export async function writeSymbolFile(dir: string, symbol: string, fetched: FetchedItems, format: OutputFormat): Promise<string> {
  await mkdir(dir, { recursive: true });
  const name = fetched.kind === 'bars' ? `${symbol}.bars.${fetched.timeframe}.${format}` : `${symbol}.${fetched.kind}.${format}`;
  const text =
    fetched.kind === 'bars' ? barsText(fetched.items, fetched.timeframe, format) : fetched.kind === 'trades' ? tradesText(fetched.items, format) : quotesText(fetched.items, format);
  const path = join(dir, name);
  await writeFile(path, text === '' ? '' : `${text}\n`);
  return path;
}
