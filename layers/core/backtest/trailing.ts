import Decimal from 'decimal.js';
import type * as money from '../money';
import type { ExactBar } from './rules';
import type { OrderSide } from './types';

type Dec = ReturnType<typeof money.dec>;

/** How far a trailing stop trails: a price amount or a percent (exactly one). */
export interface Trail {
  readonly amount: Dec | undefined;
  readonly percent: Dec | undefined;
}

/**
 * The stop price of a trailing stop from the best price seen (`extreme`): the highest for a sell (which protects a
 * long), the lowest for a buy. Sell: extreme − amount or extreme × (1 − percent / 100); buy: extreme + amount or
 * extreme × (1 + percent / 100). Rounded half-even to `places`, like every other price the engine makes.
 */
export function trailingStopPrice(side: OrderSide, extreme: Dec, trail: Trail, places: number): Dec {
  const sell = side === 'sell';
  let stop: Dec;
  if (trail.amount !== undefined) stop = sell ? extreme.minus(trail.amount) : extreme.plus(trail.amount);
  else {
    const fraction = (trail.percent ?? extreme.minus(extreme)).div(100);
    stop = extreme.times(sell ? fraction.negated().plus(1) : fraction.plus(1));
  }
  return stop.toDecimalPlaces(places, Decimal.ROUND_HALF_EVEN);
}

/**
 * The best price after a bar that did not trigger the stop: a sell trail ratchets up to the bar's high, a buy
 * trail down to its low; it never moves back.
 *
 * Order of work on a bar (LEAN's TrailingStopFill does the same, and says why): first the trigger is checked
 * against the stop as it stood BEFORE the bar, then, only if it did not fire, the stop ratchets with this bar's
 * high (low). We do not know whether the high came before or after the low inside a bar; ratcheting first would
 * let a high that came after the low lift the stop above that low and fire a sale that never happened at that
 * stop. Checking first can only fire on prices the stop is known to have stood at. The ratchet therefore lags by
 * one bar, which is the conservative direction for a protective stop's fill price (it never fills higher than the
 * stop known before the bar). Backtrader's StopTrail also adjusts only after the execution check, but from the
 * bar's close; we follow LEAN and ratchet from the high (low), the price the market is known to have reached.
 */
export function ratchetExtreme(side: OrderSide, extreme: Dec, bar: ExactBar): Dec {
  if (side === 'sell') return bar.high.gt(extreme) ? bar.high : extreme;
  return bar.low.lt(extreme) ? bar.low : extreme;
}
