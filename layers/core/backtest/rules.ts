import type * as money from '../money';
import type { OrderSide, OrderType } from './types';

type Dec = ReturnType<typeof money.dec>;

/** A bar's prices, exact. */
export interface ExactBar {
  readonly open: Dec;
  readonly high: Dec;
  readonly low: Dec;
  readonly close: Dec;
  readonly volume: Dec;
}

/**
 * The order fields the trigger rules need. `triggered`: a stop-limit whose stop already fired on an earlier bar.
 * A trailing stop is tried as a stop at its current `stopPrice` (./trailing moves it between bars).
 */
export interface TriggerOrder {
  readonly side: OrderSide;
  readonly type: OrderType;
  readonly limitPrice?: Dec;
  readonly stopPrice?: Dec;
  readonly triggered: boolean;
}

/**
 * Where an order trades on a bar, before slippage. `taker` fills (market, stop, a limit marketable at the
 * open) pay slippage; a limit filled at its limit price does not. `triggered` reports a stop-limit's stop
 * firing even when its limit does not fill on this bar.
 */
export type BarExecution =
  | { readonly kind: 'fill'; readonly price: Dec; readonly at: 'open' | 'intrabar'; readonly taker: boolean; readonly triggered: boolean }
  | { readonly kind: 'none'; readonly triggered: boolean };

/**
 * The intrabar rules (a model, documented rather than clever). Prices of a bar are only known as O, H, L, C:
 * - market: fills at the open.
 * - buy limit L: open ≤ L → at the open (a gap through the limit gives the better price); else low ≤ L → at L
 *   (touching the limit fills it: queue position is ignored, an optimistic rule); else no fill.
 *   Sell limit mirrors it: open ≥ L → open; high ≥ L → L.
 * - buy stop S: open ≥ S → at the open (gapped through); else high ≥ S → at S, i.e. at max(open, S).
 *   Sell stop: open ≤ S → open; low ≤ S → S, i.e. at min(open, S). Stops fill as market orders (taker).
 * - stop-limit (S, L): the stop fires as above at T = max(open, S) for a buy (min for a sell). If T is within the
 *   limit (T ≤ L for a buy, T ≥ L for a sell) it fills at T. Otherwise it becomes a resting limit from the NEXT
 *   bar: the order of the high and the low within a bar is unknown, so we never assume the price came back to
 *   the limit after the trigger in the same bar (the conservative choice). An already triggered stop-limit is
 *   a plain limit.
 * - trailing stop: a stop at its current stop price (ratcheted by ./trailing only after this check).
 */
export function executeOnBar(order: TriggerOrder, bar: ExactBar): BarExecution {
  const buy = order.side === 'buy';
  const limitFill = (limit: Dec, triggered: boolean): BarExecution => {
    if (buy ? bar.open.lte(limit) : bar.open.gte(limit)) return { kind: 'fill', price: bar.open, at: 'open', taker: true, triggered };
    if (buy ? bar.low.lte(limit) : bar.high.gte(limit)) return { kind: 'fill', price: limit, at: 'intrabar', taker: false, triggered };
    return { kind: 'none', triggered };
  };
  if (order.type === 'market') return { kind: 'fill', price: bar.open, at: 'open', taker: true, triggered: false };
  if (order.type === 'limit') {
    if (order.limitPrice === undefined) return { kind: 'none', triggered: false };
    return limitFill(order.limitPrice, false);
  }
  if (order.type === 'stop-limit' && order.triggered) {
    if (order.limitPrice === undefined) return { kind: 'none', triggered: true };
    return limitFill(order.limitPrice, true);
  }
  const stop = order.stopPrice;
  if (stop === undefined) return { kind: 'none', triggered: false };
  const gapped = buy ? bar.open.gte(stop) : bar.open.lte(stop);
  const reached = gapped || (buy ? bar.high.gte(stop) : bar.low.lte(stop));
  if (!reached) return { kind: 'none', triggered: false };
  const triggerPrice = gapped ? bar.open : stop;
  const at = gapped ? 'open' : 'intrabar';
  if (order.type === 'stop' || order.type === 'trailing-stop') return { kind: 'fill', price: triggerPrice, at, taker: true, triggered: true };
  const limit = order.limitPrice;
  if (limit === undefined) return { kind: 'none', triggered: true };
  if (buy ? triggerPrice.lte(limit) : triggerPrice.gte(limit)) return { kind: 'fill', price: triggerPrice, at, taker: true, triggered: true };
  return { kind: 'none', triggered: true };
}

/**
 * The same rules at a bar's close for `fill: 'close'` submissions: market fills at the close; a limit fills at
 * the close when the close is within it; a stop fires (and fills at the close) when the close is at or beyond it.
 */
export function executeAtClose(order: TriggerOrder, close: Dec): BarExecution {
  const buy = order.side === 'buy';
  const withinLimit = (limit: Dec | undefined): boolean => limit !== undefined && (buy ? close.lte(limit) : close.gte(limit));
  const stopFired = (stop: Dec | undefined): boolean => stop !== undefined && (buy ? close.gte(stop) : close.lte(stop));
  switch (order.type) {
    case 'market':
      return { kind: 'fill', price: close, at: 'open', taker: true, triggered: false };
    case 'limit':
      return withinLimit(order.limitPrice) ? { kind: 'fill', price: close, at: 'open', taker: true, triggered: false } : { kind: 'none', triggered: false };
    case 'stop':
    case 'trailing-stop':
      return stopFired(order.stopPrice) ? { kind: 'fill', price: close, at: 'open', taker: true, triggered: true } : { kind: 'none', triggered: false };
    case 'stop-limit': {
      const fired = order.triggered || stopFired(order.stopPrice);
      if (!fired) return { kind: 'none', triggered: false };
      return withinLimit(order.limitPrice) ? { kind: 'fill', price: close, at: 'open', taker: true, triggered: true } : { kind: 'none', triggered: true };
    }
  }
}

/**
 * The single price an `ioc`/`fok`/`opg` order meets on a bar: its open. A market order fills there; a limit only
 * when the open is within its limit (no touching later in the bar: "immediate" means the first price).
 */
export function executeAtOpenOnly(order: TriggerOrder, bar: ExactBar): BarExecution {
  const buy = order.side === 'buy';
  if (order.type === 'market') return { kind: 'fill', price: bar.open, at: 'open', taker: true, triggered: false };
  const limit = order.limitPrice;
  if (order.type === 'limit' && limit !== undefined && (buy ? bar.open.lte(limit) : bar.open.gte(limit))) {
    return { kind: 'fill', price: bar.open, at: 'open', taker: true, triggered: false };
  }
  return { kind: 'none', triggered: false };
}
