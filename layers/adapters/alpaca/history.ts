import { z } from 'zod';
import type { MarketDataFeed } from '../../contracts';
import type { MinuteBar } from '../../core/ports';
import { parseDecimal } from '../../core/market/exact';
import {
  decimalFromNumber,
  nanosToMillis,
  parseRfc3339Nanos,
  type BarAdjustment,
  type HistoricalMarketData,
  type HistoricalQuote,
  type HistoricalTrade,
} from '../../core/market/history';
import type { AlpacaClients } from './clients';
import { withBackoff, type BackoffOptions } from './backoff';
import { AlpacaBarsMap, barFromAlpaca, historicalFeed } from './market-data';

/** Alpaca's largest page (bars, trades and quotes alike). */
const PAGE_LIMIT = 10_000;

/**
 * The SDK hands the multi-symbol `trades`/`quotes` maps through as parsed JSON (`t` stays the RFC 3339
 * string with nanoseconds, which is what exact times need); `t` as a Date is accepted too (millisecond
 * precision) in case a later SDK converts it.
 */
const Time = z.union([z.string(), z.date()]);
const AlpacaTrade = z.object({ t: Time, p: z.number(), s: z.number(), x: z.string().optional(), c: z.array(z.string()).nullish(), i: z.number().optional(), z: z.string().optional(), u: z.string().optional() });
const AlpacaQuote = z.object({ t: Time, bp: z.number(), bs: z.number(), bx: z.string().optional(), ap: z.number(), as: z.number(), ax: z.string().optional(), c: z.array(z.string()).nullish(), z: z.string().optional() });
const TradesMap = z.record(z.string(), z.array(AlpacaTrade).nullable()).nullable().optional();
const QuotesMap = z.record(z.string(), z.array(AlpacaQuote).nullable()).nullable().optional();

export interface AlpacaHistoricalDataOptions extends BackoffOptions {
  /** `iex` (free plan) or `sip`; `delayed_sip` reads `sip` history, as for bars. */
  readonly feed: MarketDataFeed;
  /** Corporate-action adjustment of bars (default `raw`); trades and quotes are never adjusted. */
  readonly adjustment?: BarAdjustment;
  /** Items per page (default and maximum 10 000; smaller only to exercise pagination). */
  readonly pageLimit?: number;
}

const nanosOf = (t: string | Date): bigint => (t instanceof Date ? BigInt(t.getTime()) * 1_000_000n : parseRfc3339Nanos(t));
const flags = (c: readonly string[] | null | undefined): string | undefined => (c && c.length > 0 ? c.join(',') : undefined);
const text = (value: string | undefined): string | undefined => (value === undefined || value.trim() === '' ? undefined : value);

/** An Alpaca print as the core's exact trade; prices and sizes keep the decimals the server wrote. */
export function tradeFromAlpaca(symbol: string, trade: z.infer<typeof AlpacaTrade>): HistoricalTrade {
  const tsNs = nanosOf(trade.t);
  const exchange = text(trade.x);
  const condition = flags(trade.c);
  return {
    symbol,
    ts: nanosToMillis(tsNs),
    tsNs,
    price: decimalFromNumber(trade.p),
    size: decimalFromNumber(trade.s),
    ...(exchange === undefined ? {} : { exchange }),
    ...(condition === undefined ? {} : { condition }),
    ...(trade.i === undefined ? {} : { id: parseDecimal(String(trade.i)) }),
    ...(trade.z === undefined ? {} : { tape: trade.z }),
  };
}

/** An Alpaca quote as the core's exact quote; price 0 is Alpaca's "no active bid/ask", so that side is absent. */
export function quoteFromAlpaca(symbol: string, quote: z.infer<typeof AlpacaQuote>): HistoricalQuote {
  const tsNs = nanosOf(quote.t);
  const bidExchange = text(quote.bx);
  const askExchange = text(quote.ax);
  const condition = flags(quote.c);
  return {
    symbol,
    ts: nanosToMillis(tsNs),
    tsNs,
    ...(quote.bp > 0 ? { bid: { price: decimalFromNumber(quote.bp), size: decimalFromNumber(quote.bs) } } : {}),
    ...(quote.ap > 0 ? { ask: { price: decimalFromNumber(quote.ap), size: decimalFromNumber(quote.as) } } : {}),
    ...(bidExchange === undefined ? {} : { bidExchange }),
    ...(askExchange === undefined ? {} : { askExchange }),
    ...(condition === undefined ? {} : { condition }),
    ...(quote.z === undefined ? {} : { tape: quote.z }),
  };
}

/**
 * A print Alpaca has since withdrawn: `u` = `canceled` (busted) or `incorrect` (replaced by a `corrected` print).
 * History keeps the corrected print and drops these, as a backtest must never trade on a print that did not stand.
 */
const withdrawn = (trade: z.infer<typeof AlpacaTrade>): boolean => trade.u === 'canceled' || trade.u === 'incorrect';

/** One page of a multi-symbol endpoint: its per-symbol lists (still raw) and the token of the next page. */
type Page<T> = { readonly items: Readonly<Record<string, readonly T[] | null>> | null | undefined; readonly nextPageToken: string | null | undefined };

/**
 * Historical bars, trades and quotes over Alpaca's multi-symbol Market Data v2 endpoints: one request per page
 * for all symbols, `next_page_token` followed to the end, each page retried on 429 (server-requested wait) and
 * transient failures; other failures throw the classified `ExternalServiceError` like every Alpaca adapter.
 * Alpaca's `end` is inclusive, so it is sent as `to` and items at `to` are dropped here: [from, to) exactly,
 * at any timestamp precision.
 */
export class AlpacaHistoricalData implements HistoricalMarketData {
  constructor(
    private readonly clients: Pick<AlpacaClients, 'stocks'>,
    private readonly options: AlpacaHistoricalDataOptions,
  ) {}

  bars(symbols: readonly string[], from: number, to: number, timeframe: string): Promise<ReadonlyMap<string, readonly MinuteBar[]>> {
    return this.collect('historicalBars', symbols, from, to, (base) =>
      this.clients.stocks
        .stockBars({ ...base, timeframe, adjustment: this.options.adjustment ?? 'raw' })
        .then((page) => ({ items: AlpacaBarsMap.parse(page.bars), nextPageToken: page.nextPageToken })),
      (symbol, bar) => barFromAlpaca(symbol, bar),
      (bar) => bar.start,
    );
  }

  trades(symbols: readonly string[], from: number, to: number): Promise<ReadonlyMap<string, readonly HistoricalTrade[]>> {
    return this.collect('historicalTrades', symbols, from, to, (base) =>
      this.clients.stocks.stockTrades(base).then((page) => ({ items: TradesMap.parse(page.trades), nextPageToken: page.nextPageToken })),
      (symbol, trade) => (withdrawn(trade) ? undefined : tradeFromAlpaca(symbol, trade)),
      (trade) => trade.ts,
    );
  }

  quotes(symbols: readonly string[], from: number, to: number): Promise<ReadonlyMap<string, readonly HistoricalQuote[]>> {
    return this.collect('historicalQuotes', symbols, from, to, (base) =>
      this.clients.stocks.stockQuotes(base).then((page) => ({ items: QuotesMap.parse(page.quotes), nextPageToken: page.nextPageToken })),
      (symbol, quote) => quoteFromAlpaca(symbol, quote),
      (quote) => quote.ts,
    );
  }

  /** Follows the pages of one multi-symbol query and maps each item; a repeated token ends the walk (a server bug must not loop forever). */
  private async collect<Raw, Item>(
    operation: string,
    symbols: readonly string[],
    from: number,
    to: number,
    fetchPage: (base: {
      symbols: string;
      start: Date;
      end: Date;
      limit: number;
      feed: 'iex' | 'sip';
      sort: 'asc';
      pageToken?: string;
    }) => Promise<Page<Raw>>,
    map: (symbol: string, raw: Raw) => Item | undefined,
    timeOf: (item: Item) => number,
  ): Promise<ReadonlyMap<string, readonly Item[]>> {
    const result = new Map<string, Item[]>(symbols.map((s) => [s, []]));
    if (symbols.length === 0 || to <= from) return result;
    const seen = new Set<string>();
    let pageToken: string | undefined;
    do {
      const base = {
        symbols: symbols.join(','),
        start: new Date(from),
        end: new Date(to),
        limit: Math.min(PAGE_LIMIT, this.options.pageLimit ?? PAGE_LIMIT),
        feed: historicalFeed(this.options.feed),
        sort: 'asc' as const,
        ...(pageToken === undefined ? {} : { pageToken }),
      };
      const page = await withBackoff(operation, () => fetchPage(base), this.options);
      for (const [symbol, list] of Object.entries(page.items ?? {})) {
        const target = result.get(symbol) ?? [];
        result.set(symbol, target);
        for (const raw of list ?? []) {
          const item = map(symbol, raw);
          if (item !== undefined && timeOf(item) >= from && timeOf(item) < to) target.push(item);
        }
      }
      const next = page.nextPageToken ?? undefined;
      pageToken = next === undefined || next === '' || seen.has(next) ? undefined : next;
      if (pageToken !== undefined) seen.add(pageToken);
    } while (pageToken !== undefined);
    // Pages run symbol by symbol in time order; the stable sort only guards servers that interleave.
    for (const list of result.values()) list.sort((a, b) => timeOf(a) - timeOf(b));
    return result;
  }
}
