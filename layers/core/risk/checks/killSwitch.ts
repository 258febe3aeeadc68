import type { CheckResultV1, OrderIntentV1, RiskLimitsV1 } from '../../../contracts';
import * as money from '../../money';
import type { KillSwitchState } from '../../ports';
import { checkResult, type PositionView, type PreTradeCheck } from '../preTradeCheck';
import type { OpenOrderView } from '../snapshot';
import { currentQuantity, positionKey, signedQuantity } from './exposure';

/** Whether an intent only makes its own position smaller, and the position before and after it. */
export interface ReduceOnlyVerdict {
  readonly reduceOnly: boolean;
  /** Signed position in the intent's instrument before and after the order ("0" when flat). */
  readonly before: string;
  readonly after: string;
  readonly reason: string;
}

/**
 * Strictly reduce-only against the current position: there is a position in the intent's instrument
 * (positionKey: the OCC contract of a single option; a multi-leg structure has no held position and never
 * qualifies), the order is on the opposite side, and its quantity is at most |position|, so the position
 * after the order lies between 0 and the position before it. |after| < |before| follows, and no order that
 * passes here can open or flip a position. `working`: other orders still working at the broker; those on
 * the reducing side of the same instrument count as already sent, so two exits in flight together can
 * never close more than the position (the intent's own order must not be among them).
 */
export function reduceOnly(intent: OrderIntentV1, positions: readonly PositionView[], working: readonly OpenOrderView[] = []): ReduceOnlyVerdict {
  const held = currentQuantity(positions, positionKey(intent));
  const reducingSide = money.isPositive(held) ? 'sell' : 'buy';
  const pending = working.filter((o) => o.symbol === positionKey(intent) && o.side === reducingSide).reduce((sum, o) => money.add(sum, o.quantity), '0');
  // What is left to reduce once the working orders fill: the position this order is judged against.
  const before = money.isZero(pending) ? held : money.isPositive(held) ? money.max('0', money.sub(held, pending)) : money.min('0', money.add(held, pending));
  const after = money.add(before, signedQuantity(intent));
  const verdict = (ok: boolean, reason: string): ReduceOnlyVerdict => ({ reduceOnly: ok, before, after, reason });
  if (intent.multiLeg !== undefined) return verdict(false, 'a multi-leg order is not reduce-only against a held position');
  if (money.isZero(before)) return verdict(false, money.isZero(held) ? `no position in ${positionKey(intent)} to reduce` : `working orders already close the position ${held}`);
  const long = money.isPositive(before);
  if ((intent.side === 'sell') !== long) return verdict(false, `a ${intent.side} adds to the ${long ? 'long' : 'short'} position ${before}`);
  if (money.compare(intent.quantity, money.abs(before)) > 0) {
    return verdict(false, `quantity ${intent.quantity} is more than the position ${before}: it would open the other side`);
  }
  return verdict(true, `reduces the position from ${before} to ${after}`);
}

/** The kill switch's answer for one intent, shared by verification and execution. */
export interface KillSwitchPassage {
  readonly allowed: boolean;
  /** True when allowed only because the intent is a reduce-only exit under an engaged switch. */
  readonly asExit: boolean;
  readonly reason: string;
}

/**
 * An engaged kill switch stops every order except, when the policy allows risk-reducing exits (the
 * default), one tagged as an exit (exit rule or flatten) that is strictly reduce-only against `positions`.
 * The tag alone never passes: an untagged closing order (a strategy's own sell) stays blocked, because
 * the switch also stops strategies from trading, and a tagged order that would open or flip is blocked.
 */
export function killSwitchPassage(
  intent: OrderIntentV1,
  killSwitch: KillSwitchState,
  policy: Pick<RiskLimitsV1, 'killSwitch'>,
  positions: readonly PositionView[],
  working: readonly OpenOrderView[] = [],
): KillSwitchPassage {
  if (!killSwitch.engaged) return { allowed: true, asExit: false, reason: 'kill switch released' };
  const engaged = `kill switch engaged by ${killSwitch.actor}: ${killSwitch.reason}`;
  if (intent.exit === undefined) return { allowed: false, asExit: false, reason: engaged };
  if (!policy.killSwitch.allowRiskReducingExits) return { allowed: false, asExit: false, reason: `${engaged} (the policy blocks exits too)` };
  const verdict = reduceOnly(intent, positions, working);
  if (!verdict.reduceOnly) return { allowed: false, asExit: false, reason: `${engaged}; ${intent.exit.source} exit not reduce-only: ${verdict.reason}` };
  return { allowed: true, asExit: true, reason: `${engaged}; ${intent.exit.source} exit allowed: ${verdict.reason}` };
}

/**
 * The account's kill switch stops every new order; a reduce-only exit still passes when the policy allows it.
 * Judged against the positions only: the snapshot's working orders come from the order table, which lags
 * the broker (a flatten cancels orders the table still shows as working until reconcile), and counting
 * them would block the very exits the switch lets through. Execution re-judges against the broker's own
 * positions and working orders right before submitting, which is where an overshoot would happen.
 */
export const killSwitchCheck: PreTradeCheck = {
  checkId: 'killSwitch',
  description: 'No orders while the kill switch is engaged, except reduce-only exits when the policy allows them',
  evaluate: (intent, { killSwitch, limits, positions }): CheckResultV1 => {
    const passage = killSwitchPassage(intent, killSwitch, limits.limits, positions);
    if (!killSwitch.engaged) return checkResult('killSwitch', true, passage.reason, 'released', 'released');
    return checkResult('killSwitch', passage.allowed, passage.reason, passage.asExit ? 'engaged/reduce-only exit' : 'engaged', 'released or reduce-only exit');
  },
};
