import type { CheckResultV1, OrderIntentV1, RiskLimitsV1 } from '../../contracts';
import type { TradingCalendar } from '../market';
import type { BrokerAccount, KillSwitchState, OrderRecord, VersionedLimits } from '../ports';
import { effectiveLimits } from './policy';
import type { MarketSnapshot, OpenOrderView } from './snapshot';

/** A position as the checks need it (broker truth or the position store). */
export interface PositionView {
  readonly symbol: string;
  /** Signed quantity: negative for a short. */
  readonly quantity: string;
  /** Signed market value (USD) as the broker marks it; the exposure checks need it (or currentPrice). */
  readonly marketValue?: string;
  /** Last price the broker marked the position at. */
  readonly currentPrice?: string;
}

/**
 * Everything a pre-trade check may look at, read once per verification so every check judges
 * the same snapshot. The risk issue extends it (additive fields) for its 15+ checks.
 */
export interface PreTradeContext {
  readonly now: number;
  readonly calendar: TradingCalendar;
  readonly killSwitch: KillSwitchState;
  readonly limits: VersionedLimits;
  readonly account: BrokerAccount;
  readonly positions: readonly PositionView[];
  /** Latest trade of the intent's symbol; undefined when the feed had none. */
  readonly lastTrade?: { readonly price: number; readonly at: number };
  /** The order already stored under the intent's client order id, if any. */
  readonly existingOrder?: OrderRecord;
  /** Orders still working (the intent's own excluded). */
  readonly openOrders?: readonly OpenOrderView[];
  /** Market statistics, asset flags, order activity, equity peak, Greeks and post-trade VaR. */
  readonly market?: MarketSnapshot;
}

/** The limits that apply to this intent: the account policy tightened by the intent's strategy override. */
export const limitsFor = (intent: OrderIntentV1, context: Pick<PreTradeContext, 'limits'>): RiskLimitsV1 =>
  effectiveLimits(context.limits.limits, intent.strategyId);

/** One pre-trade check: a pure function from intent and snapshot to a verdict. */
export interface PreTradeCheck {
  readonly checkId: string;
  /** One line for the audit UI: what the check protects against. */
  readonly description: string;
  evaluate(intent: OrderIntentV1, context: PreTradeContext): CheckResultV1;
}

/** Builds a CheckResultV1, trimming measured/limit to the contract's 64 characters. */
export function checkResult(
  checkId: string,
  passed: boolean,
  reason: string,
  measured?: string,
  limit?: string,
): CheckResultV1 {
  return {
    checkId,
    passed,
    reason: reason.slice(0, 500),
    ...(measured === undefined ? {} : { measured: measured.slice(0, 64) }),
    ...(limit === undefined ? {} : { limit: limit.slice(0, 64) }),
  };
}
