import type { OrderIntentV1, SignalGeneratedV1 } from '../../contracts';
import * as money from '../money';

/** How the portfolio turns a view into a position. */
export interface SizingConfig {
  /** Fraction of account equity one position may use, as a decimal string ("0.1" = 10%). */
  readonly fractionOfEquity: string;
  /** Hard cap on one position's notional, USD decimal string. */
  readonly maxPositionNotional: string;
  /** Short signals open shorts only when true; otherwise a short view means flat. */
  readonly allowShort: boolean;
}

/** Account figures sizing needs (from the broker). */
export interface SizingAccount {
  readonly accountId: string;
  readonly equity: string;
  readonly buyingPower: string;
}

export interface SizingInput {
  readonly signal: SignalGeneratedV1;
  /** Current signed position quantity in the signal's symbol ("0" when none). */
  readonly currentQuantity: string;
  readonly account: SizingAccount;
  readonly config: SizingConfig;
  /** When the intent is created (Clock). */
  readonly now: number;
  /**
   * Drawdown de-risking: the position budget is multiplied by this ("1" = full size, "0.25" =
   * a quarter), from the risk room's AccountRiskState.exposureMultiplier. Default "1".
   */
  readonly exposureMultiplier?: string;
}

export type SizingResult =
  | { readonly kind: 'intent'; readonly intent: OrderIntentV1; readonly targetQuantity: string }
  | { readonly kind: 'no-trade'; readonly reason: string; readonly targetQuantity: string };

/** Bars are stamped with their start; the data is as fresh as the bar's end. */
const BAR_LENGTH_MS = 60_000;

/** The deterministic intent id: one intent per account and signal, however often it is re-derived. */
export const intentIdFor = (accountId: string, signalId: string): string => `${accountId}:${signalId}`;

/**
 * Target position in whole shares for a signal: long → floor(min(equity × fraction, max
 * notional) × exposure multiplier, capped by buying power available for the increase, / price); flat → 0; short → the negative
 * of the long size when shorts are allowed, else 0. The order is target − current; no intent
 * when that is zero. Market order, day time-in-force.
 */
export function sizeOrderIntent(input: SizingInput): SizingResult {
  const { signal, account, config } = input;
  const price = signal.referencePrice;
  const current = money.toDecimalString(input.currentQuantity);
  const multiplier = money.min('1', money.max('0', input.exposureMultiplier ?? '1'));
  const budget = money.mul(money.max('0', money.min(money.mul(account.equity, config.fractionOfEquity), config.maxPositionNotional)), multiplier);
  const longShares = money.truncate(money.div(budget, price));

  let target: string;
  if (signal.direction === 'long') target = longShares;
  else if (signal.direction === 'short' && config.allowShort) target = money.neg(longShares);
  else target = '0';

  // A buy that increases exposure is also capped by buying power (the broker would reject it).
  let delta = money.sub(target, current);
  if (money.isPositive(delta)) {
    const affordable = money.truncate(money.div(money.max('0', account.buyingPower), price));
    if (money.compare(delta, affordable) > 0) {
      delta = affordable;
      target = money.add(current, delta);
    }
  }
  if (money.isZero(delta)) {
    return { kind: 'no-trade', reason: `position ${current} already at target ${target}`, targetQuantity: target };
  }
  const intent: OrderIntentV1 = {
    schema: 'OrderIntentV1',
    intentId: intentIdFor(account.accountId, signal.signalId),
    accountId: account.accountId,
    strategyId: signal.strategyId,
    signalId: signal.signalId,
    symbol: signal.symbol,
    side: money.isPositive(delta) ? 'buy' : 'sell',
    quantity: money.abs(delta),
    orderType: 'market',
    timeInForce: 'day',
    referencePrice: price,
    marketDataAt: signal.barStart + BAR_LENGTH_MS,
    createdAt: input.now,
  };
  return { kind: 'intent', intent, targetQuantity: target };
}
