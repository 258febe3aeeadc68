import { DateTime } from 'luxon';
import { NYSE_ZONE } from '../../layers/core/market';
import type { MinuteBar } from '../../layers/core/ports';
import { badRequest } from './broker-errors';
import { MINUTE_MS, type MarketBook } from './market-book';
import { isoTime } from './alpaca-json';

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

interface PageToken {
  readonly symbol: string;
  readonly t: number;
}

const encodeToken = (token: PageToken): string => Buffer.from(JSON.stringify([token.symbol, token.t])).toString('base64url');

function decodeToken(token: string): PageToken {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && typeof parsed[0] === 'string' && typeof parsed[1] === 'number') return { symbol: parsed[0], t: parsed[1] };
  } catch {
    // fall through to the 400 below
  }
  throw badRequest('invalid page_token');
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
const ADJUSTMENTS = new Set(['raw', 'split', 'dividend', 'spin-off', 'all']);

/**
 * `GET /v2/stocks/bars`: bars of several symbols, ordered by symbol then time, `limit` (1..10 000, default 1000)
 * bars per page across all symbols, continued by an opaque `next_page_token`. Only bars closed by `now` exist.
 * The data is the consolidated tape whatever `feed` says, and raw whatever `adjustment` says (Lean files are raw).
 */
export function barsPage(book: MarketBook, now: number, query: BarsQuery): { readonly bars: Readonly<Record<string, readonly AlpacaBarJson[]>>; readonly next_page_token: string | null } {
  if (query.symbols.length === 0) throw badRequest('symbols is required');
  if (query.feed !== undefined && !FEEDS.has(query.feed)) throw badRequest(`invalid feed "${query.feed}"`);
  if (query.adjustment !== undefined && !query.adjustment.split(',').every((a) => ADJUSTMENTS.has(a))) throw badRequest(`invalid adjustment "${query.adjustment}"`);
  const sort = query.sort ?? 'asc';
  if (sort !== 'asc' && sort !== 'desc') throw badRequest(`invalid sort "${sort}"`);
  const limit = query.limit === undefined ? 1000 : Number(query.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) throw badRequest('limit must be between 1 and 10000');
  const bucketing = parseTimeframe(query.timeframe);
  const start = query.start === undefined ? DateTime.fromMillis(now, { zone: NYSE_ZONE }).startOf('day').toMillis() : parseTime('start', query.start);
  const end = query.end === undefined ? now : parseTime('end', query.end);
  const token = query.pageToken === undefined ? undefined : decodeToken(query.pageToken);

  const items: { symbol: string; start: number; bar: AlpacaBarJson }[] = [];
  for (const symbol of [...new Set(query.symbols.map((s) => s.toUpperCase()))].sort()) {
    // Alpaca's end is inclusive of a bar starting exactly at `end`; that bar aggregates every closed minute of its bucket.
    const minutes = book.closedBars(symbol, bucketStart(start, bucketing), bucketEnd(end, bucketing), now);
    const buckets = resample(minutes, bucketing).filter((b) => b.start >= start && b.start <= end);
    const ordered = sort === 'asc' ? buckets : [...buckets].reverse();
    for (const bucket of ordered) items.push({ symbol, ...bucket });
  }
  let from = 0;
  if (token !== undefined) {
    from = items.findIndex((item) => item.symbol === token.symbol && item.start === token.t);
    if (from < 0) throw badRequest('invalid page_token');
  }
  const page = items.slice(from, from + limit);
  const next = items[from + limit];
  const bars: Record<string, AlpacaBarJson[]> = {};
  for (const item of page) (bars[item.symbol] ??= []).push(item.bar);
  return { bars, next_page_token: next === undefined ? null : encodeToken({ symbol: next.symbol, t: next.start }) };
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
