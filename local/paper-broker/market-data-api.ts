import { DateTime } from 'luxon';
import { NYSE_ZONE, type FactorFileRow } from '../../layers/core/market';
import type { MinuteBar } from '../../layers/core/ports';
import { badRequest } from './broker-errors';
import { MINUTE_MS, type MarketBook } from './market-book';
import { isoTime } from './alpaca-json';
import { adjustMinuteBars, parseAdjustment } from './bar-adjustment';
import { bySymbol, pageOf, parseLimit, parseSort } from './pagination';

/** A bar as Alpaca's `stock_bar` schema. */
export interface AlpacaBarJson {
  readonly t: string;
  readonly o: number;
  readonly h: number;
  readonly l: number;
  readonly c: number;
  readonly v: number;
  /** Lean bars carry no trade count: always 0 (unknown). */
  readonly n: number;
  /** Lean bars carry no VWAP: the volume-weighted typical price (h + l + c) / 3 of the minutes, 4 decimals. */
  readonly vw: number;
}

type Bucketing = { readonly kind: 'fixed'; readonly ms: number } | { readonly kind: 'day' };

/** Parses Alpaca timeframes: `[1-59]Min` / `[1-59]T`, `[1-23]Hour` / `[1-23]H`, `1Day` / `1D`. */
export function parseTimeframe(timeframe: string): Bucketing {
  const match = /^(\d+)(Min|T|Hour|H|Day|D)$/.exec(timeframe);
  const amount = Number(match?.[1]);
  const unit = match?.[2];
  if ((unit === 'Min' || unit === 'T') && amount >= 1 && amount <= 59) return { kind: 'fixed', ms: amount * MINUTE_MS };
  if ((unit === 'Hour' || unit === 'H') && amount >= 1 && amount <= 23) return { kind: 'fixed', ms: amount * 60 * MINUTE_MS };
  if ((unit === 'Day' || unit === 'D') && amount === 1) return { kind: 'day' };
  throw badRequest(`invalid timeframe "${timeframe}" (supported: 1-59Min, 1-23Hour, 1Day)`);
}

function bucketStart(start: number, bucketing: Bucketing): number {
  if (bucketing.kind === 'fixed') return Math.floor(start / bucketing.ms) * bucketing.ms;
  return DateTime.fromMillis(start, { zone: NYSE_ZONE }).startOf('day').toMillis();
}

/** The first instant after the bucket that contains `t`. */
function bucketEnd(t: number, bucketing: Bucketing): number {
  if (bucketing.kind === 'fixed') return bucketStart(t, bucketing) + bucketing.ms;
  return DateTime.fromMillis(t, { zone: NYSE_ZONE }).startOf('day').plus({ days: 1 }).toMillis();
}

const round4 = (x: number): number => Math.round(x * 10_000) / 10_000;

/** Aggregates closed minute bars into timeframe buckets (a bucket still forming contains only its closed minutes). */
export function resample(bars: readonly MinuteBar[], bucketing: Bucketing): readonly { readonly start: number; readonly bar: AlpacaBarJson }[] {
  const out: { start: number; bar: AlpacaBarJson }[] = [];
  let current: { start: number; o: number; h: number; l: number; c: number; v: number; pv: number } | undefined;
  const flush = (): void => {
    if (current === undefined) return;
    const vw = current.v > 0 ? current.pv / current.v : (current.h + current.l + current.c) / 3;
    out.push({ start: current.start, bar: { t: isoTime(current.start), o: current.o, h: current.h, l: current.l, c: current.c, v: current.v, n: 0, vw: round4(vw) } });
  };
  for (const bar of bars) {
    const start = bucketStart(bar.start, bucketing);
    const typical = (bar.high + bar.low + bar.close) / 3;
    if (current === undefined || current.start !== start) {
      flush();
      current = { start, o: bar.open, h: bar.high, l: bar.low, c: bar.close, v: bar.volume, pv: typical * bar.volume };
    } else {
      current.h = Math.max(current.h, bar.high);
      current.l = Math.min(current.l, bar.low);
      current.c = bar.close;
      current.v += bar.volume;
      current.pv += typical * bar.volume;
    }
  }
  flush();
  return out;
}

/** Parses an RFC 3339 timestamp or a `YYYY-MM-DD` date (UTC midnight); 400 otherwise. */
export function parseTime(name: string, value: string): number {
  const parsed = /^\d{4}-\d{2}-\d{2}$/.test(value) ? Date.parse(`${value}T00:00:00Z`) : Date.parse(value);
  if (Number.isNaN(parsed)) throw badRequest(`invalid ${name}: "${value}"`);
  return parsed;
}

export interface BarsQuery {
  readonly symbols: readonly string[];
  readonly timeframe: string;
  readonly start?: string;
  readonly end?: string;
  readonly limit?: string;
  readonly pageToken?: string;
  readonly sort?: string;
  readonly feed?: string;
  readonly adjustment?: string;
}

const FEEDS = new Set(['sip', 'iex', 'delayed_sip', 'otc', 'boats', 'overnight']);

/**
 * `GET /v2/stocks/bars`: bars of several symbols, ordered by symbol then time, `limit` (1..10 000, default 1000)
 * bars per page across all symbols, continued by an opaque `next_page_token`. Only bars closed by `now` exist.
 * The data is the consolidated tape whatever `feed` says. `adjustment` (split, dividend, all) applies the
 * symbol's Lean factor file from `factors` to every minute before resampling; a symbol without one stays raw,
 * and `spin-off` changes nothing (Lean factor files carry no spin-offs).
 */
export function barsPage(
  book: MarketBook,
  now: number,
  query: BarsQuery,
  factors: ReadonlyMap<string, readonly FactorFileRow[]> = new Map(),
): { readonly bars: Readonly<Record<string, readonly AlpacaBarJson[]>>; readonly next_page_token: string | null } {
  if (query.symbols.length === 0) throw badRequest('symbols is required');
  if (query.feed !== undefined && !FEEDS.has(query.feed)) throw badRequest(`invalid feed "${query.feed}"`);
  const adjustment = parseAdjustment(query.adjustment);
  const sort = parseSort(query.sort);
  const limit = parseLimit(query.limit);
  const bucketing = parseTimeframe(query.timeframe);
  const start = query.start === undefined ? DateTime.fromMillis(now, { zone: NYSE_ZONE }).startOf('day').toMillis() : parseTime('start', query.start);
  const end = query.end === undefined ? now : parseTime('end', query.end);

  const items: { symbol: string; t: number; bar: AlpacaBarJson }[] = [];
  for (const symbol of [...new Set(query.symbols.map((s) => s.toUpperCase()))].sort()) {
    // Alpaca's end is inclusive of a bar starting exactly at `end`; that bar aggregates every closed minute of its bucket.
    const minutes = adjustMinuteBars(book.closedBars(symbol, bucketStart(start, bucketing), bucketEnd(end, bucketing), now), factors.get(symbol), adjustment);
    const buckets = resample(minutes, bucketing).filter((b) => b.start >= start && b.start <= end);
    const inOrder = sort === 'asc' ? buckets : [...buckets].reverse();
    for (const bucket of inOrder) items.push({ symbol, t: bucket.start, bar: bucket.bar });
  }
  const { page, nextPageToken } = pageOf(items, limit, query.pageToken);
  return { bars: bySymbol(page, (item) => item.bar), next_page_token: nextPageToken };
}

/** Tape of a listing exchange: A = NYSE, B = NYSE Arca/AMEX/regional, C = Nasdaq. */
export function tapeOf(exchange: string): 'A' | 'B' | 'C' {
  if (exchange === 'NYSE') return 'A';
  if (exchange === 'NASDAQ') return 'C';
  return 'B';
}

/** The latest trade as Alpaca's `stock_trade`, from the last closed minute bar (price = its close, stamped at its end). */
export function latestTradeJson(book: MarketBook, symbol: string, now: number, tape: 'A' | 'B' | 'C'): Readonly<Record<string, unknown>> | undefined {
  const bar = book.lastClosedBar(symbol, now);
  if (bar === undefined) return undefined;
  // Size and id of the real last print are not in minute data: size 0 = unknown, id = the bar's start.
  return { t: isoTime(bar.start + MINUTE_MS), x: 'D', p: bar.close, s: 0, c: ['@'], i: bar.start, z: tape };
}

/** The latest quote as Alpaca's `stock_quote`, from the last closed two-sided quote bar (its closing bid and ask). */
export function latestQuoteJson(book: MarketBook, symbol: string, now: number, tape: 'A' | 'B' | 'C'): Readonly<Record<string, unknown>> | undefined {
  const quote = book.lastClosedQuote(symbol, now);
  if (quote?.bid === undefined || quote.ask === undefined) return undefined;
  return { t: isoTime(quote.start + MINUTE_MS), bx: 'D', bp: quote.bid.close, bs: quote.bid.lastSize, ax: 'D', ap: quote.ask.close, as: quote.ask.lastSize, c: ['R'], z: tape };
}
