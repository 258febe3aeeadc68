/**
 * Alpaca Market Data v2 historical trades and quotes (`/v2/stocks/trades`, `/v2/stocks/quotes` and the
 * single-symbol `/v2/stocks/{symbol}/…` forms) served from the shipped Lean MINUTE data.
 *
 * STAND-IN, NOT TICKS: Lean minute files are per-minute aggregates (a trade bar: OHLC and volume; a quote bar:
 * bid/ask OHLC and the last sizes), not the individual prints and quote updates Alpaca serves. Each minute is
 * therefore answered with ONE synthetic trade (price = the bar's close, size = its volume: the minute's whole
 * volume at its last price) and ONE synthetic quote (the minute's closing bid and ask with their last sizes),
 * both stamped at the last millisecond of the minute they summarise (hh:mm:59.999), so a request for
 * [09:30, 09:31) returns exactly the 09:30 minute. Prices, spreads and volumes per minute are real; the count
 * of prints, their sizes and their times within the minute are not. Good for plumbing, pagination and
 * minute-scale tests; useless for microstructure work (tick rules, queue position, trade-size statistics).
 */
import { DateTime } from 'luxon';
import { NYSE_ZONE } from '../../layers/core/market';
import { badRequest } from './broker-errors';
import { isoTime } from './alpaca-json';
import type { MarketBook } from './market-book';
import { MINUTE_MS } from './market-book';
import { parseTime } from './market-data-api';
import { bySymbol, pageOf, parseLimit, parseSort, type Keyed } from './pagination';

export interface HistoryQuery {
  readonly symbols: readonly string[];
  readonly start?: string;
  readonly end?: string;
  readonly limit?: string;
  readonly pageToken?: string;
  readonly sort?: string;
  readonly feed?: string;
}

/** Alpaca's `stock_trade`. */
export interface AlpacaTradeJson {
  readonly t: string;
  readonly x: string;
  readonly p: number;
  readonly s: number;
  readonly c: readonly string[];
  readonly i: number;
  readonly z: 'A' | 'B' | 'C';
}

/** Alpaca's `stock_quote`; a side without a quote is price 0, size 0, exchange " " (as Alpaca writes it). */
export interface AlpacaQuoteJson {
  readonly t: string;
  readonly bx: string;
  readonly bp: number;
  readonly bs: number;
  readonly ax: string;
  readonly ap: number;
  readonly as: number;
  readonly c: readonly string[];
  readonly z: 'A' | 'B' | 'C';
}

/**
 * The shipped data is the consolidated tape, so `sip` is the truth and `iex` is answered with the same data
 * (as the bars endpoint does); `boats` and `otc` are refused rather than answered with on-exchange data.
 */
const HISTORY_FEEDS = new Set(['sip', 'iex']);

/** The synthetic print or quote of the minute starting at `start`: its last millisecond. */
const stampOf = (start: number): number => start + MINUTE_MS - 1;

interface Window {
  readonly symbols: readonly string[];
  readonly start: number;
  readonly end: number;
  readonly sort: 'asc' | 'desc';
  readonly limit: number;
}

/** Validates the common parameters; `start` defaults to the New York day of `now`, `end` to `now` (both inclusive). */
function windowOf(query: HistoryQuery, now: number): Window {
  const symbols = [...new Set(query.symbols.map((s) => s.toUpperCase()))].sort();
  if (symbols.length === 0) throw badRequest('symbols is required');
  if (query.feed !== undefined && !HISTORY_FEEDS.has(query.feed)) throw badRequest(`feed "${query.feed}" is not available here (iex or sip)`);
  const start = query.start === undefined ? DateTime.fromMillis(now, { zone: NYSE_ZONE }).startOf('day').toMillis() : parseTime('start', query.start);
  const end = query.end === undefined ? now : parseTime('end', query.end);
  return { symbols, start, end, sort: parseSort(query.sort), limit: parseLimit(query.limit) };
}

/** Items of every symbol, symbol by symbol, each symbol's in the requested time order (Alpaca's multi-symbol order). */
function ordered<T extends Keyed>(window: Window, perSymbol: (symbol: string) => readonly T[]): readonly T[] {
  return window.symbols.flatMap((symbol) => {
    const items = perSymbol(symbol).filter((item) => item.t >= window.start && item.t <= window.end);
    return window.sort === 'asc' ? items : [...items].reverse();
  });
}

/** Minute bars whose stamp can fall in [start, end] and that have closed by `now`. */
const minuteRange = (window: Window): readonly [number, number] => [window.start - MINUTE_MS + 1, window.end + 1];

export interface HistoryPage<J> {
  readonly items: Record<string, J[]>;
  readonly next_page_token: string | null;
}

/** One page of synthetic trades (see the module note): one print per traded minute, price = close, size = volume. */
export function tradesPage(book: MarketBook, now: number, query: HistoryQuery, tape: (symbol: string) => 'A' | 'B' | 'C'): HistoryPage<AlpacaTradeJson> {
  const window = windowOf(query, now);
  const [from, to] = minuteRange(window);
  const items = ordered(window, (symbol) =>
    book
      .closedBars(symbol, from, to, now)
      // A minute with no volume had no print; Alpaca sizes are whole shares (uint32).
      .filter((bar) => bar.volume > 0)
      .map((bar) => ({ symbol, t: stampOf(bar.start), start: bar.start, price: bar.close, size: Math.round(bar.volume) })),
  );
  const { page, nextPageToken } = pageOf(items, window.limit, query.pageToken);
  return {
    items: bySymbol(page, (item) => ({ t: isoTime(item.t), x: 'D', p: item.price, s: item.size, c: ['@'], i: item.start, z: tape(item.symbol) })),
    next_page_token: nextPageToken,
  };
}

/** One page of synthetic quotes (see the module note): each minute's closing bid and ask with their last sizes. */
export function quotesPage(book: MarketBook, now: number, query: HistoryQuery, tape: (symbol: string) => 'A' | 'B' | 'C'): HistoryPage<AlpacaQuoteJson> {
  const window = windowOf(query, now);
  const [from, to] = minuteRange(window);
  const items = ordered(window, (symbol) =>
    book
      .closedQuotes(symbol, from, to, now)
      .filter((row) => row.bid !== undefined || row.ask !== undefined)
      .map((row) => ({ symbol, t: stampOf(row.start), bid: row.bid, ask: row.ask })),
  );
  const { page, nextPageToken } = pageOf(items, window.limit, query.pageToken);
  return {
    items: bySymbol(page, (item) => ({
      t: isoTime(item.t),
      bx: item.bid === undefined ? ' ' : 'D',
      bp: item.bid?.close ?? 0,
      bs: item.bid?.lastSize ?? 0,
      ax: item.ask === undefined ? ' ' : 'D',
      ap: item.ask?.close ?? 0,
      as: item.ask?.lastSize ?? 0,
      c: ['R'],
      z: tape(item.symbol),
    })),
    next_page_token: nextPageToken,
  };
}
