import type { MarketDataFeed } from '../../../contracts';
import type { Clock, MarketData, MinuteBar, ObjectStore } from '../../ports';
import type { TradingCalendar, TradingSession } from '../calendar';
import { decodeBars, encodeBars } from './codecs';

export interface DataLakeOptions {
  readonly feed: MarketDataFeed;
  /** Corporate-action adjustment the source applies (part of the key: raw and adjusted never mix). */
  readonly adjustment: 'raw' | 'split' | 'dividend' | 'all';
  /** Key prefix inside the bucket. */
  readonly prefix?: string;
}

/**
 * Market data through the data lake: minute bars of a completed session are fetched once from the
 * source (Alpaca), a whole extended-hours day per symbol, stored in the object store (S3) under
 * `<prefix>bars/1Min/<feed>/<adjustment>/<SYMBOL>/<YYYY-MM-DD>.json`, and served from there afterwards.
 * A session still in progress (its extended close not yet passed by the clock) is never cached: its
 * bars are read from the source each time, so the lake only ever holds complete, immutable days.
 * Closed days are skipped without asking anyone.
 */
export class DataLakeMarketData implements MarketData {
  constructor(
    private readonly source: MarketData,
    private readonly lake: ObjectStore,
    private readonly calendar: TradingCalendar,
    private readonly clock: Clock,
    private readonly options: DataLakeOptions,
  ) {}

  /** The object key of one symbol-day. */
  keyOf(symbol: string, date: string): string {
    const { prefix = '', feed, adjustment } = this.options;
    return `${prefix}bars/1Min/${feed}/${adjustment}/${symbol}/${date}.json`;
  }

  async minuteBars(symbols: readonly string[], from: number, to: number): Promise<ReadonlyMap<string, readonly MinuteBar[]>> {
    const now = await this.clock.now();
    const sessions = this.calendar.sessions(this.calendar.sessionDate(from), this.calendar.sessionDate(Math.max(from, to - 1)));
    const out = new Map<string, MinuteBar[]>(symbols.map((s) => [s, []]));
    for (const session of sessions) {
      const dayBars =
        session.extendedClose <= now ? await this.completedDay(symbols, session) : await this.source.minuteBars(symbols, session.extendedOpen, now);
      for (const symbol of symbols) {
        const list = out.get(symbol) ?? [];
        for (const bar of dayBars.get(symbol) ?? []) if (bar.start >= from && bar.start < to) list.push(bar);
        out.set(symbol, list);
      }
    }
    return out;
  }

  latestTrades(symbols: readonly string[]): Promise<ReadonlyMap<string, { readonly price: number; readonly at: number }>> {
    return this.source.latestTrades(symbols);
  }

  /** A completed day: from the lake, or fetched once for the symbols the lake lacks and stored. */
  private async completedDay(symbols: readonly string[], session: TradingSession): Promise<ReadonlyMap<string, readonly MinuteBar[]>> {
    const day = new Map<string, readonly MinuteBar[]>();
    const missing: string[] = [];
    for (const symbol of symbols) {
      const stored = await this.lake.get(this.keyOf(symbol, session.date));
      if (stored === undefined) missing.push(symbol);
      else day.set(symbol, decodeBars(stored, symbol));
    }
    if (missing.length > 0) {
      const fetched = await this.source.minuteBars(missing, session.extendedOpen, session.extendedClose);
      for (const symbol of missing) {
        const bars = [...(fetched.get(symbol) ?? [])].sort((a, b) => a.start - b.start);
        await this.lake.put(this.keyOf(symbol, session.date), encodeBars(symbol, session.date, '1Min', bars), 'application/json');
        day.set(symbol, bars);
      }
    }
    return day;
  }

}
