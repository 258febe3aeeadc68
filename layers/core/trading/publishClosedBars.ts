import type { BarClosedV1, MarketDataFeed } from '../../contracts';
import type { TradingCalendar } from '../market';
import type { BarQueue, EventPublisher, MarketData, MinuteBar, StrategyStateStore } from '../ports';

const MINUTE_MS = 60_000;

export interface PublishClosedBarsConfig {
  readonly watchlist: readonly string[];
  readonly feed: MarketDataFeed;
  /** Never fetch further back than this (a watermark from yesterday does not replay yesterday). */
  readonly lookbackMs: number;
  /** Key under which the per-symbol watermark (last published bar start) is stored. */
  readonly watermarkKey: string;
  /**
   * `regular`: only bars that start inside the regular session (the strategies' indicators are not
   * fed thin pre- and post-market prints); `extended`: every bar the feed has.
   */
  readonly session: 'regular' | 'extended';
}

export interface PublishClosedBarsDeps {
  readonly marketData: MarketData;
  /** Watermarks live in the strategy-state table: progress per (consumer, symbol), versioned. */
  readonly watermarks: StrategyStateStore;
  /** The signal engine's input, in order per symbol. */
  readonly bars: BarQueue;
  /** bar.closed for everyone else (observers, the archive, later consumers). */
  readonly events: EventPublisher;
  readonly calendar: Pick<TradingCalendar, 'isRegularHours'>;
  readonly config: PublishClosedBarsConfig;
}

export interface PublishClosedBarsResult {
  readonly at: number;
  readonly published: number;
  readonly bySymbol: Readonly<Record<string, number>>;
}

interface Watermark {
  readonly lastBarStart: number;
}

/**
 * Hands every minute bar of the watchlist that has closed by `now` and was not handed on before to the
 * signal engine's FIFO queue (in time order per symbol) and publishes it as bar.closed, oldest first.
 * At-least-once: both happen before the watermark moves, so a crash in between repeats them; SQS drops
 * a repeat within its 5-minute dedup window and the signal engine ignores bars it has seen. Minute bars
 * are sparse (no trade, no bar), so the watermark is the last bar seen, not the last minute.
 */
export async function publishClosedBars(deps: PublishClosedBarsDeps, now: number): Promise<PublishClosedBarsResult> {
  const { watchlist, lookbackMs, watermarkKey, feed } = deps.config;
  const marks = await Promise.all(watchlist.map((symbol) => deps.watermarks.load<Watermark>(watermarkKey, symbol)));
  const floor = now - lookbackMs;
  const lastSeen = new Map(watchlist.map((symbol, i) => [symbol, Math.max(floor - MINUTE_MS, marks[i]?.state.lastBarStart ?? -Infinity)]));
  const from = Math.min(...lastSeen.values()) + MINUTE_MS;
  const bars = await deps.marketData.minuteBars(watchlist, from, now);

  const bySymbol: Record<string, number> = {};
  let published = 0;
  for (const [i, symbol] of watchlist.entries()) {
    const after = lastSeen.get(symbol) ?? -Infinity;
    const closed = [...(bars.get(symbol) ?? [])]
      .filter((bar) => bar.start > after && bar.start + MINUTE_MS <= now)
      .filter((bar) => deps.config.session === 'extended' || deps.calendar.isRegularHours(bar.start))
      .sort((a, b) => a.start - b.start);
    for (const bar of closed) {
      const event = toBarClosed(bar, symbol, feed);
      await deps.bars.send(event);
      await deps.events.publish('bar.closed', event);
    }
    bySymbol[symbol] = closed.length;
    published += closed.length;
    const last = closed.at(-1);
    if (last) {
      const mark = marks[i];
      // A lost race means a concurrent run moved the watermark: its bars were published too.
      await deps.watermarks.save<Watermark>(
        { strategyId: watermarkKey, symbol, state: { lastBarStart: last.start }, version: (mark?.version ?? 0) + 1 },
        mark?.version ?? 0,
      );
    }
  }
  return { at: now, published, bySymbol };
}

function toBarClosed(bar: MinuteBar, symbol: string, feed: MarketDataFeed): BarClosedV1 {
  return {
    schema: 'BarClosedV1',
    symbol,
    timeframe: '1Min',
    start: bar.start,
    open: bar.open,
    high: bar.high,
    low: bar.low,
    close: bar.close,
    volume: bar.volume,
    ...(bar.vwap !== undefined && bar.vwap > 0 ? { vwap: bar.vwap } : {}),
    ...(bar.tradeCount !== undefined ? { tradeCount: bar.tradeCount } : {}),
    feed,
  };
}
