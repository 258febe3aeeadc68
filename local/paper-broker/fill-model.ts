import { Decimal } from 'decimal.js';
import type { MinuteBar } from '../../layers/core/ports';
import type { SymbolQuoteBar } from '../../layers/adapters/files';

/**
 * Parameters of the paper broker's fill simulation.
 *
 * The model, stated plainly (it is a model, not a matching engine):
 * - An order becomes eligible `latencyMs` after the broker clock time at which it was accepted; it can only
 *   fill on regular-hours minute bars that START at or after that instant (the bar whose open it would meet).
 * - A bar is only used once it has closed on the broker clock (start + 60 s ≤ now), so fills never peek ahead.
 * - Taker price (market orders, and limit orders that are marketable at the open) = the bar's open, moved
 *   against the taker by half the quoted spread and then by `slippageBps`. The half spread comes from the
 *   quote bar of the same minute (ask open − bid open) / 2 when both sides exist and the spread is sane
 *   (0 ≤ spread ≤ `maxQuotedSpreadBps` of the mid; pre-market stub quotes fail this); otherwise from
 *   `defaultSpreadBps` of the open. The price is rounded half-up to 4 decimals (the data's deci-cent grid).
 * - A limit order that is not marketable at the open fills at its limit price, with no spread or slippage
 *   (it rests as a maker), only if the bar trades THROUGH the limit (low < limit for a buy, high > limit for
 *   a sell); a bar that only touches the limit does not fill it (queue position is unknown).
 * - At most `participationRate` × bar volume shares (rounded down to whole shares) fill per bar per symbol,
 *   shared by all working orders on that symbol in submission order; the rest stays working → partial fills.
 * - Day orders expire at the close of the session in which (or before which) they were accepted; ioc orders
 *   are canceled after their first eligible bar; fok orders fill completely on that bar or are canceled.
 * Not modelled: queue position, market impact beyond the fixed slippage, auctions, halts, odd-lot rules.
 */
export interface FillModelOptions {
  readonly latencyMs: number;
  readonly slippageBps: number;
  readonly defaultSpreadBps: number;
  readonly maxQuotedSpreadBps: number;
  readonly participationRate: number;
}

/** Defaults: 1 s latency, 1 bp slippage, 2 bp spread when no quote, at most 10 % of a bar's volume. */
export const DEFAULT_FILL_MODEL: FillModelOptions = {
  latencyMs: 1000,
  slippageBps: 1,
  defaultSpreadBps: 2,
  maxQuotedSpreadBps: 100,
  participationRate: 0.1,
};

const BPS = new Decimal(10_000);

/** Half the quoted spread at the bar's open, from the same-minute quote bar or the default spread. */
export function halfSpreadAtOpen(bar: MinuteBar, quote: SymbolQuoteBar | undefined, model: FillModelOptions): Decimal {
  const open = new Decimal(bar.open);
  if (quote?.bid !== undefined && quote.ask !== undefined) {
    const bid = new Decimal(quote.bid.open);
    const ask = new Decimal(quote.ask.open);
    const spread = ask.minus(bid);
    const mid = ask.plus(bid).div(2);
    if (!spread.lessThan(0) && mid.greaterThan(0) && spread.div(mid).times(BPS).lessThanOrEqualTo(model.maxQuotedSpreadBps)) {
      return spread.div(2);
    }
  }
  return open.times(model.defaultSpreadBps).div(BPS).div(2);
}

/** The price a taker pays (buy) or receives (sell) at the bar's open under the model. */
export function takerPriceAtOpen(side: 'buy' | 'sell', bar: MinuteBar, quote: SymbolQuoteBar | undefined, model: FillModelOptions): Decimal {
  const half = halfSpreadAtOpen(bar, quote, model);
  const direction = side === 'buy' ? 1 : -1;
  const touched = new Decimal(bar.open).plus(half.times(direction));
  return touched.times(new Decimal(1).plus(new Decimal(model.slippageBps).times(direction).div(BPS))).toDecimalPlaces(4, Decimal.ROUND_HALF_UP);
}

/** The price at which an order can trade on this bar, or undefined if it cannot. */
export function executionPrice(
  order: { readonly side: 'buy' | 'sell'; readonly type: 'market' | 'limit'; readonly limitPrice?: Decimal },
  bar: MinuteBar,
  quote: SymbolQuoteBar | undefined,
  model: FillModelOptions,
): Decimal | undefined {
  const taker = takerPriceAtOpen(order.side, bar, quote, model);
  if (order.type === 'market' || order.limitPrice === undefined) return taker;
  const limit = order.limitPrice;
  if (order.side === 'buy') {
    if (taker.lessThanOrEqualTo(limit)) return taker;
    return new Decimal(bar.low).lessThan(limit) ? limit : undefined;
  }
  if (taker.greaterThanOrEqualTo(limit)) return taker;
  return new Decimal(bar.high).greaterThan(limit) ? limit : undefined;
}

/** Whole shares of a bar's volume the simulator may hand out (participation cap). */
export function barCapacity(bar: MinuteBar, model: FillModelOptions): Decimal {
  return new Decimal(bar.volume).times(model.participationRate).toDecimalPlaces(0, Decimal.ROUND_DOWN);
}
