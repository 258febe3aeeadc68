import { z } from 'zod';
import type { MarketDataFeed } from '../../contracts';
import type { MarketData, MinuteBar } from '../../core/ports';
import type { AlpacaClients } from './clients';
import { withBackoff, type BackoffOptions } from './backoff';

/** Alpaca's largest page for bars. */
const BARS_PAGE_LIMIT = 10_000;

/** One bar as Alpaca's JSON has it (the SDK passes the `bars` map through unconverted, `t` as an ISO string). */
export const AlpacaBar = z.object({
  t: z.union([z.string(), z.date()]),
  o: z.number(),
  h: z.number(),
  l: z.number(),
  c: z.number(),
  v: z.number(),
  n: z.number().optional(),
  vw: z.number().optional(),
});
export const AlpacaBarsMap = z.record(z.string(), z.array(AlpacaBar).nullable()).nullable().optional();

export interface AlpacaMarketDataOptions extends BackoffOptions {
  /** FunctionEnvV1.TRADELOOP_MARKET_DATA_FEED: `iex` on the free plan. */
  readonly feed: MarketDataFeed;
  /** Corporate-action adjustment of historical bars (default `raw`: what traded, as a live feed sees it). */
  readonly adjustment?: 'raw' | 'split' | 'dividend' | 'all';
}

/**
 * The historical bars endpoint has no `delayed_sip` feed: SIP history older than 15 minutes is what
 * the free plan may read, so `delayed_sip` asks for `sip` there (the latest endpoints take it as is).
 */
export function historicalFeed(feed: MarketDataFeed): 'iex' | 'sip' {
  return feed === 'iex' ? 'iex' : 'sip';
}

export const toMs = (t: string | Date): number => (t instanceof Date ? t.getTime() : Date.parse(t));

/** One Alpaca bar as the core's bar (prices as numbers: analytics grade). */
export function barFromAlpaca(symbol: string, bar: z.infer<typeof AlpacaBar>): MinuteBar {
  return {
    symbol,
    start: toMs(bar.t),
    open: bar.o,
    high: bar.h,
    low: bar.l,
    close: bar.c,
    volume: bar.v,
    ...(bar.vw !== undefined ? { vwap: bar.vw } : {}),
    ...(bar.n !== undefined ? { tradeCount: bar.n } : {}),
  };
}

/** MarketData over Alpaca's Market Data API v2 (stocks). */
export class AlpacaMarketData implements MarketData {
  constructor(
    private readonly clients: Pick<AlpacaClients, 'stocks'>,
    private readonly options: AlpacaMarketDataOptions,
  ) {}

  /**
   * One multi-symbol request per page, following `next_page_token` to the end. Alpaca's `end` is
   * inclusive, so it is sent as `to - 1 ms` and bars are filtered to [from, to) as well.
   */
  async minuteBars(symbols: readonly string[], from: number, to: number): Promise<ReadonlyMap<string, readonly MinuteBar[]>> {
    const result = new Map<string, MinuteBar[]>(symbols.map((s) => [s, []]));
    if (symbols.length === 0 || to <= from) return result;
    let pageToken: string | undefined;
    do {
      const token = pageToken;
      const page = await withBackoff(
        'minuteBars',
        () =>
          this.clients.stocks.stockBars({
            symbols: symbols.join(','),
            timeframe: '1Min',
            start: new Date(from),
            end: new Date(to - 1),
            limit: BARS_PAGE_LIMIT,
            adjustment: this.options.adjustment ?? 'raw',
            feed: historicalFeed(this.options.feed),
            sort: 'asc',
            ...(token ? { pageToken: token } : {}),
          }),
        this.options,
      );
      const bars = AlpacaBarsMap.parse(page.bars) ?? {};
      for (const [symbol, list] of Object.entries(bars)) {
        const target = result.get(symbol) ?? [];
        result.set(symbol, target);
        for (const bar of list ?? []) {
          const start = toMs(bar.t);
          if (!(start >= from && start < to)) continue;
          target.push(barFromAlpaca(symbol, bar));
        }
      }
      pageToken = page.nextPageToken ?? undefined;
    } while (pageToken);
    // Pages split by symbol then time, so each list is already in order; sorting guards odd servers.
    for (const list of result.values()) list.sort((a, b) => a.start - b.start);
    return result;
  }

  async latestTrades(symbols: readonly string[]): Promise<ReadonlyMap<string, { readonly price: number; readonly at: number }>> {
    const result = new Map<string, { readonly price: number; readonly at: number }>();
    if (symbols.length === 0) return result;
    const response = await withBackoff(
      'latestTrades',
      () => this.clients.stocks.stockLatestTrades({ symbols: symbols.join(','), feed: this.options.feed }),
      this.options,
    );
    for (const [symbol, trade] of Object.entries(response.trades ?? {})) {
      const at = toMs(trade.t);
      if (Number.isFinite(at) && Number.isFinite(trade.p)) result.set(symbol, { price: trade.p, at });
    }
    return result;
  }
}
