import type { CheckResultV1, OrderIntentV1 } from '../../../contracts';
import * as money from '../../money';
import { checkResult, limitsFor, type PreTradeContext } from '../preTradeCheck';

/** A limit as the decimal text a check reports and compares against. */
export const limitText = (limit: number | string): string => (typeof limit === 'number' ? money.toDecimalString(limit.toString()) : limit);

/** Percent text for reasons: "0.125" → "12.5 %". */
export const pct = (fraction: string | number): string => `${money.round(money.mul(limitText(fraction), '100'), 2)} %`;

/**
 * The verdict of a check whose input is not in the snapshot: passes with "not measured" unless the
 * policy fails closed on missing data. Measured is "n/a" so nobody mistakes it for a figure.
 */
export function notMeasured(checkId: string, intent: OrderIntentV1, context: PreTradeContext, what: string, limit: string): CheckResultV1 {
  const failClosed = limitsFor(intent, context).failClosedOnMissingData;
  return checkResult(checkId, !failClosed, failClosed ? `cannot verify: ${what} (policy fails closed on missing data)` : `not measured: ${what}`, 'n/a', limit);
}

/** The pass/fail verdict of "measured ≤ limit", with the reason's two phrasings. */
export function withinLimit(checkId: string, measured: string, limit: string, describe: (ok: boolean) => string): CheckResultV1 {
  const ok = money.compare(measured, limit) <= 0;
  return checkResult(checkId, ok, describe(ok), measured, limit);
}
