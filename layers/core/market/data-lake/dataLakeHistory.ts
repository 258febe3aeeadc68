import type { Clock, MinuteBar, ObjectStore } from '../../ports';
import type { TradingCalendar } from '../calendar';
import type { BarAdjustment, HistoricalFeed, HistoricalMarketData, HistoricalQuote, HistoricalTrade } from '../history';
import { decodeBars, decodeQuotes, decodeTrades, encodeBars, encodeQuotes, encodeTrades } from './codecs';
import { readThroughByDay, type CacheEvent, type DayPartitionedKind } from './day-partitions';

export interface DataLakeHistoryOptions {
  /** The source's feed (part of every key: IEX and SIP history differ). */
  readonly feed: HistoricalFeed;
  /** The source's bar adjustment (part of bar keys; trades and quotes are never adjusted, so their keys lack it). */
  readonly adjustment: BarAdjustment;
  /** Key prefix inside the bucket (e.g. the source's name, so two sources never share objects). */
  readonly prefix?: string;
  /** Told where each symbol-day came from (cache statistics, logs). */
  readonly onEvent?: (event: CacheEvent) => void;
}

/** Timeframes that fit in one New York day; weekly and monthly bars span days and are not cached. */
const DAY_PARTITIONED = /^\d+(Min|Hour|Day)$/;

/**
 * Historical bars, trades and quotes through the data lake, one object per kind, symbol and New York trading
 * day, written only once the day is over (see `readThroughByDay`):
 *
 *   `<prefix>bars/<timeframe>/<feed>/<adjustment>/<SYMBOL>/<YYYY-MM-DD>.json` (the minute-bar lake's layout)
 *   `<prefix>trades/<feed>/<SYMBOL>/<YYYY-MM-DD>.jsonl`
 *   `<prefix>quotes/<feed>/<SYMBOL>/<YYYY-MM-DD>.jsonl`
 */
export class DataLakeHistory implements HistoricalMarketData {
  constructor(
    private readonly source: HistoricalMarketData,
    private readonly lake: ObjectStore,
    private readonly calendar: TradingCalendar,
    private readonly clock: Clock,
    private readonly options: DataLakeHistoryOptions,
  ) {}

  barsKey(timeframe: string, symbol: string, date: string): string {
    const { prefix = '', feed, adjustment } = this.options;
    return `${prefix}bars/${timeframe}/${feed}/${adjustment}/${symbol}/${date}.json`;
  }

  tradesKey(symbol: string, date: string): string {
    return `${this.options.prefix ?? ''}trades/${this.options.feed}/${symbol}/${date}.jsonl`;
  }

  quotesKey(symbol: string, date: string): string {
    return `${this.options.prefix ?? ''}quotes/${this.options.feed}/${symbol}/${date}.jsonl`;
  }

  async bars(symbols: readonly string[], from: number, to: number, timeframe: string): Promise<ReadonlyMap<string, readonly MinuteBar[]>> {
    if (!DAY_PARTITIONED.test(timeframe)) return this.source.bars(symbols, from, to, timeframe);
    const kind: DayPartitionedKind<MinuteBar> = {
      name: `bars/${timeframe}`,
      key: (symbol, date) => this.barsKey(timeframe, symbol, date),
      fetch: (s, f, t) => this.source.bars(s, f, t, timeframe),
      encode: (symbol, date, bars) => encodeBars(symbol, date, timeframe, bars),
      decode: (stored, symbol) => decodeBars(stored, symbol),
      contentType: 'application/json',
      timeOf: (bar) => bar.start,
    };
    return this.read(kind, symbols, from, to);
  }

  trades(symbols: readonly string[], from: number, to: number): Promise<ReadonlyMap<string, readonly HistoricalTrade[]>> {
    return this.read(
      {
        name: 'trades',
        key: (symbol, date) => this.tradesKey(symbol, date),
        fetch: (s, f, t) => this.source.trades(s, f, t),
        encode: encodeTrades,
        decode: (stored, symbol) => decodeTrades(stored, symbol),
        contentType: 'application/x-ndjson',
        timeOf: (trade) => trade.ts,
      },
      symbols,
      from,
      to,
    );
  }

  quotes(symbols: readonly string[], from: number, to: number): Promise<ReadonlyMap<string, readonly HistoricalQuote[]>> {
    return this.read(
      {
        name: 'quotes',
        key: (symbol, date) => this.quotesKey(symbol, date),
        fetch: (s, f, t) => this.source.quotes(s, f, t),
        encode: encodeQuotes,
        decode: (stored, symbol) => decodeQuotes(stored, symbol),
        contentType: 'application/x-ndjson',
        timeOf: (quote) => quote.ts,
      },
      symbols,
      from,
      to,
    );
  }

  private async read<T>(kind: DayPartitionedKind<T>, symbols: readonly string[], from: number, to: number): Promise<ReadonlyMap<string, readonly T[]>> {
    return readThroughByDay(kind, this.lake, this.calendar, await this.clock.now(), symbols, from, to, this.options.onEvent);
  }
}
