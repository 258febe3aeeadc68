/**
 * Builds a chain snapshot at an instant from per-contract minute series, using only what was known then:
 * a minute bar that starts at t is complete (and known) at t + 1 min, so a snapshot at 10:00 sees the 09:59
 * bar and nothing later. Open interest is the latest published figure; volume counts the bars of the
 * snapshot's session up to then.
 */
import type { LeanMinuteQuoteBar, LeanMinuteTradeBar } from '../../market/lean';
import { decimalFromNumber } from '../../market/history';
import type { ChainEntry, OptionChainSnapshot, UnderlyingPrice } from './chain';
import type { OptionContract } from './contract';
import { midDecimal, type OptionQuote } from './quote';

const MINUTE = 60_000;

/** One contract's minute data (each series ascending by start/ts). */
export interface ContractSeries {
  readonly contract: OptionContract;
  readonly quotes: readonly LeanMinuteQuoteBar[];
  readonly trades: readonly LeanMinuteTradeBar[];
  readonly openInterest: readonly { readonly ts: number; readonly openInterest: number }[];
}

/** The underlying's minute bars (either may be empty: Lean has no GOOG quote file for 2015-12-23). */
export interface UnderlyingSeries {
  readonly quotes: readonly LeanMinuteQuoteBar[];
  readonly trades: readonly LeanMinuteTradeBar[];
}

/** Index of the last element whose `key` ≤ limit in an ascending array, or −1 (binary search). */
function lastAtOrBefore<T>(items: readonly T[], key: (item: T) => number, limit: number): number {
  let lo = 0;
  let hi = items.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const item = items[mid] as T;
    if (key(item) <= limit) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** The last complete quote bar's closing bid/ask at `asOf`, as an exact quote stamped at the bar's end. */
export function quoteAt(bars: readonly LeanMinuteQuoteBar[], asOf: number): OptionQuote | undefined {
  const bar = bars[lastAtOrBefore(bars, (b) => b.start + MINUTE, asOf)];
  if (bar === undefined) return undefined;
  const level = (side: LeanMinuteQuoteBar['bid']) => (side === undefined ? undefined : { price: decimalFromNumber(side.close), size: decimalFromNumber(side.lastSize) });
  const bid = level(bar.bid);
  const ask = level(bar.ask);
  return { ts: bar.start + MINUTE, ...(bid === undefined ? {} : { bid }), ...(ask === undefined ? {} : { ask }) };
}

/** The underlying's price at `asOf`: the mid of the last two-sided quote bar, else the last trade bar's close. */
export function underlyingPriceAt(series: UnderlyingSeries, asOf: number, sessionOpen: number): UnderlyingPrice | undefined {
  const quote = quoteAt(series.quotes, asOf);
  const trade = series.trades[lastAtOrBefore(series.trades, (b) => b.start + MINUTE, asOf)];
  // A quote from before the session (pre-market stubs such as bid 1.00) is not a price; a fresher trade wins.
  const quoteUsable = quote?.bid !== undefined && quote.ask !== undefined && quote.ts > sessionOpen;
  if (quoteUsable && quote.bid !== undefined && quote.ask !== undefined && (trade === undefined || trade.start + MINUTE <= quote.ts)) {
    return { price: midDecimal(quote.bid.price, quote.ask.price), source: 'quote-mid', ts: quote.ts };
  }
  if (trade !== undefined) return { price: decimalFromNumber(trade.close), source: 'last-trade', ts: trade.start + MINUTE };
  if (quoteUsable && quote.bid !== undefined && quote.ask !== undefined) return { price: midDecimal(quote.bid.price, quote.ask.price), source: 'quote-mid', ts: quote.ts };
  return undefined;
}

/** The snapshot of every contract at `asOf` (UTC ms); `sessionOpen` bounds the volume count and the quote-usability check. */
export function buildChainSnapshot(underlying: string, contracts: readonly ContractSeries[], underlyingSeries: UnderlyingSeries, asOf: number, sessionOpen: number): OptionChainSnapshot {
  const entries = contracts.map((series): ChainEntry => {
    const quote = quoteAt(series.quotes, asOf);
    const lastTradeIndex = lastAtOrBefore(series.trades, (b) => b.start + MINUTE, asOf);
    const last = series.trades[lastTradeIndex];
    let volume = 0;
    for (let i = lastTradeIndex; i >= 0; i -= 1) {
      const bar = series.trades[i] as LeanMinuteTradeBar;
      if (bar.start < sessionOpen) break;
      volume += bar.volume;
    }
    const oi = series.openInterest[lastAtOrBefore(series.openInterest, (r) => r.ts, asOf)];
    return {
      contract: series.contract,
      ...(quote === undefined ? {} : { quote }),
      ...(last === undefined ? {} : { lastTrade: { ts: last.start + MINUTE, price: decimalFromNumber(last.close), size: decimalFromNumber(last.volume) } }),
      ...(oi === undefined ? {} : { openInterest: oi.openInterest }),
      volume,
    };
  });
  const price = underlyingPriceAt(underlyingSeries, asOf, sessionOpen);
  return { underlying, asOf, ...(price === undefined ? {} : { underlyingPrice: price }), entries };
}
