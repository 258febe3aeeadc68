import type { MinuteBar } from '../../layers/core/ports';
import type { SymbolQuoteBar } from '../../layers/adapters/files';
import type { TradingCalendar } from '../../layers/core/market';

/** A minute bar closes one minute after it starts. */
export const MINUTE_MS = 60_000;

/** First index whose `start` is ≥ `t` (bars sorted by start). */
function lowerBound(rows: readonly { readonly start: number }[], t: number): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((rows[mid]?.start ?? Infinity) < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function lowerBoundNumber(values: readonly number[], t: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((values[mid] ?? Infinity) < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The replayed minute data, indexed for time queries. Every read takes `now` and returns only bars that have
 * closed by then (start + 60 s ≤ now): the no-look-ahead rule lives here, in one place.
 */
export class MarketBook {
  private readonly trades = new Map<string, readonly MinuteBar[]>();
  private readonly quotes = new Map<string, readonly SymbolQuoteBar[]>();
  private readonly regularMinutes: readonly number[];

  constructor(
    trades: ReadonlyMap<string, readonly MinuteBar[]>,
    quotes: ReadonlyMap<string, readonly SymbolQuoteBar[]>,
    calendar: TradingCalendar,
  ) {
    const minutes = new Set<number>();
    for (const [symbol, bars] of trades) {
      const sorted = [...bars].sort((a, b) => a.start - b.start);
      this.trades.set(symbol, sorted);
      for (const bar of sorted) if (calendar.isRegularHours(bar.start)) minutes.add(bar.start);
    }
    for (const [symbol, rows] of quotes) this.quotes.set(symbol, [...rows].sort((a, b) => a.start - b.start));
    this.regularMinutes = [...minutes].sort((a, b) => a - b);
  }

  /** Symbols with data. */
  symbols(): readonly string[] {
    return [...this.trades.keys()].sort();
  }

  has(symbol: string): boolean {
    return this.trades.has(symbol);
  }

  /** Bars of `symbol` with start in [from, to) that have closed by `now`, ascending. */
  closedBars(symbol: string, from: number, to: number, now: number): readonly MinuteBar[] {
    const bars = this.trades.get(symbol) ?? [];
    const end = Math.min(to, now - MINUTE_MS + 1);
    return bars.slice(lowerBound(bars, from), lowerBound(bars, end));
  }

  /** The bar of `symbol` starting exactly at `start`, if any. */
  barAt(symbol: string, start: number): MinuteBar | undefined {
    const bars = this.trades.get(symbol) ?? [];
    const bar = bars[lowerBound(bars, start)];
    return bar?.start === start ? bar : undefined;
  }

  /** The most recent bar of `symbol` closed by `now` (any hours), if any. */
  lastClosedBar(symbol: string, now: number): MinuteBar | undefined {
    const bars = this.trades.get(symbol) ?? [];
    return bars[lowerBound(bars, now - MINUTE_MS + 1) - 1];
  }

  /** The quote bar of `symbol` starting exactly at `start`, if any. */
  quoteAt(symbol: string, start: number): SymbolQuoteBar | undefined {
    const rows = this.quotes.get(symbol) ?? [];
    const row = rows[lowerBound(rows, start)];
    return row?.start === start ? row : undefined;
  }

  /** Quote bars of `symbol` with start in [from, to) that have closed by `now`, ascending (the quotes history). */
  closedQuotes(symbol: string, from: number, to: number, now: number): readonly SymbolQuoteBar[] {
    const rows = this.quotes.get(symbol) ?? [];
    const end = Math.min(to, now - MINUTE_MS + 1);
    return rows.slice(lowerBound(rows, from), lowerBound(rows, end));
  }

  /** The most recent two-sided quote bar of `symbol` closed by `now`, if any. */
  lastClosedQuote(symbol: string, now: number): SymbolQuoteBar | undefined {
    const rows = this.quotes.get(symbol) ?? [];
    for (let i = lowerBound(rows, now - MINUTE_MS + 1) - 1; i >= 0; i--) {
      const row = rows[i];
      if (row?.bid !== undefined && row.ask !== undefined) return row;
    }
    return undefined;
  }

  /** Regular-hours bar starts (any symbol) in [from, to), ascending: the minutes a replay steps through. */
  regularSessionMinutes(from: number, to: number): readonly number[] {
    return this.regularMinutes.slice(lowerBoundNumber(this.regularMinutes, from), lowerBoundNumber(this.regularMinutes, to));
  }

  /** The first and last bar starts in the data (any symbol), or undefined when empty. */
  span(): { readonly first: number; readonly last: number } | undefined {
    let first = Infinity;
    let last = -Infinity;
    for (const bars of this.trades.values()) {
      first = Math.min(first, bars[0]?.start ?? Infinity);
      last = Math.max(last, bars.at(-1)?.start ?? -Infinity);
    }
    return Number.isFinite(first) ? { first, last } : undefined;
  }
}
