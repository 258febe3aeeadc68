import type { OrderIntentV1 } from '../../contracts';
import * as money from '../money';

/**
 * Exit rules for an open position, evaluated once per closed bar. Fractions are of the entry
 * price (0.02 = 2 %); absent rules are off.
 */
export interface ExitRules {
  /** Exit when the price moves this far against the entry. */
  readonly stopLossPct?: number;
  /** Exit when the price moves this far in favour of the entry. */
  readonly takeProfitPct?: number;
  /** Exit when the price retraces this far from the best price since entry (the watermark). */
  readonly trailingStopPct?: number;
  /** Exit at the first bar close at or after entry + this many milliseconds. */
  readonly maxHoldingMs?: number;
}

/** What the rules need to know about a position, carried between bars by the caller. */
export interface ExitPositionState {
  readonly symbol: string;
  /** Signed: negative for a short. */
  readonly quantity: string;
  readonly averageEntryPrice: string;
  readonly openedAt: number;
  /** Best price since entry (highest for a long, lowest for a short); the entry price when absent. */
  readonly watermark?: number;
}

export interface ExitBar {
  readonly symbol: string;
  /** Bar start, epoch ms; the bar closes one minute later. */
  readonly start: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
}

export type ExitRule = 'stopLoss' | 'takeProfit' | 'trailingStop' | 'timeStop';

export interface ExitTrigger {
  readonly rule: ExitRule;
  /** The level that was crossed (the close for a time stop). */
  readonly level: number;
  readonly reason: string;
}

export interface ExitEvaluation {
  /** The position state after this bar (watermark ratcheted). */
  readonly state: ExitPositionState;
  readonly exit?: ExitTrigger;
}

/**
 * Evaluates the exit rules on one bar, pure. Intrabar order is pessimistic, as a backtester that
 * only sees OHLC must be: the adverse extreme is assumed to come first, so a bar that touches
 * both the stop and the target exits at the stop. The trailing stop is checked against the
 * watermark from before this bar, then the watermark ratchets to this bar's favourable extreme
 * (LEAN's check-then-ratchet). A time stop fires at the close of the first bar that ends at or
 * after entry + maxHoldingMs. A flat position never exits.
 */
export function evaluateExitRules(position: ExitPositionState, bar: ExitBar, rules: ExitRules): ExitEvaluation {
  const qty = Number(position.quantity);
  if (qty === 0 || bar.symbol !== position.symbol) return { state: position };
  const long = qty > 0;
  const entry = Number(position.averageEntryPrice);
  const watermark = position.watermark ?? entry;
  const adverse = long ? bar.low : bar.high;
  const favourable = long ? bar.high : bar.low;
  const against = (level: number): boolean => (long ? adverse <= level : adverse >= level);
  const towards = (level: number): boolean => (long ? favourable >= level : favourable <= level);
  const nextWatermark = long ? Math.max(watermark, bar.high) : Math.min(watermark, bar.low);
  const state: ExitPositionState = { ...position, watermark: nextWatermark };
  const side = long ? 'long' : 'short';

  if (rules.stopLossPct !== undefined) {
    const level = long ? entry * (1 - rules.stopLossPct) : entry * (1 + rules.stopLossPct);
    if (against(level)) return { state, exit: { rule: 'stopLoss', level, reason: `stop loss: ${side} from ${entry} crossed ${level.toFixed(4)}` } };
  }
  if (rules.trailingStopPct !== undefined) {
    const level = long ? watermark * (1 - rules.trailingStopPct) : watermark * (1 + rules.trailingStopPct);
    if (against(level)) return { state, exit: { rule: 'trailingStop', level, reason: `trailing stop: ${side} watermark ${watermark} crossed ${level.toFixed(4)}` } };
  }
  if (rules.takeProfitPct !== undefined) {
    const level = long ? entry * (1 + rules.takeProfitPct) : entry * (1 - rules.takeProfitPct);
    if (towards(level)) return { state, exit: { rule: 'takeProfit', level, reason: `take profit: ${side} from ${entry} reached ${level.toFixed(4)}` } };
  }
  if (rules.maxHoldingMs !== undefined && bar.start + 60_000 >= position.openedAt + rules.maxHoldingMs) {
    return { state, exit: { rule: 'timeStop', level: bar.close, reason: `time stop: held since ${new Date(position.openedAt).toISOString()} beyond ${rules.maxHoldingMs} ms` } };
  }
  return { state };
}

/**
 * The order that closes a position an exit rule fired on: the whole position, market, day, at the
 * bar close as reference price. Its ids are deterministic (account, rule, symbol, bar), so a
 * re-evaluated bar yields the same intent and the queues and order store de-duplicate it.
 */
export function exitIntent(
  position: ExitPositionState,
  bar: ExitBar,
  exit: ExitTrigger,
  meta: { readonly accountId: string; readonly strategyId: string; readonly now: number },
): OrderIntentV1 {
  const signalId = `${meta.strategyId}:exit-${exit.rule}:${position.symbol}:${bar.start}`;
  return {
    schema: 'OrderIntentV1',
    intentId: `${meta.accountId}:${signalId}`,
    accountId: meta.accountId,
    strategyId: meta.strategyId,
    signalId,
    symbol: position.symbol,
    side: money.isNegative(position.quantity) ? 'buy' : 'sell',
    quantity: money.abs(position.quantity),
    orderType: 'market',
    timeInForce: 'day',
    referencePrice: money.fromNumber(bar.close, 4),
    marketDataAt: bar.start + 60_000,
    createdAt: meta.now,
  };
}
