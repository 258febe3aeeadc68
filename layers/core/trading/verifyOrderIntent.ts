import type { ApprovedOrderV1, OrderIntentV1, OrderRejectedV1 } from '../../contracts';
import { clientOrderIdFor } from '../execution';
import type { TradingCalendar } from '../market';
import type {
  ApprovedOrderQueue,
  Broker,
  Clock,
  EventPublisher,
  LimitsStore,
  MarketData,
  OrderRecord,
  OrderStore,
  RiskAuditStore,
  RiskDecisionRecord,
} from '../ports';
import { type PreTradeCheck, type PreTradeContext, type RiskVerdict, verifyIntent } from '../risk';

export interface VerifyDeps {
  readonly clock: Clock;
  readonly calendar: TradingCalendar;
  readonly limits: LimitsStore;
  readonly broker: Broker;
  readonly marketData: MarketData;
  readonly orders: OrderStore;
  readonly audit: RiskAuditStore;
  readonly approvedOrders: ApprovedOrderQueue;
  readonly events: EventPublisher;
  /** The checks to run; the registry's PRE_TRADE_CHECKS when absent. */
  readonly checks?: readonly PreTradeCheck[];
}

export type VerifyOutcome =
  | { readonly kind: 'approved'; readonly approved: ApprovedOrderV1; readonly verdict: RiskVerdict }
  | { readonly kind: 'rejected'; readonly rejection: OrderRejectedV1; readonly verdict: RiskVerdict }
  /** The intent already became an order (a re-delivered intent): nothing sent, nothing published. */
  | { readonly kind: 'duplicate'; readonly existingOrder: OrderRecord; readonly verdict: RiskVerdict };

/**
 * Pre-trade verification of one order intent. Reads one snapshot (kill switch and limits
 * strongly consistent, broker account and positions, the symbol's latest trade, the order
 * stored under the intent's client order id), runs every check, records the decision in the
 * audit trail before acting, then sends the ApprovedOrderV1 or publishes order.rejected with
 * every failed check.
 *
 * Duplicate delivery: if an order already exists for the intent, the intent was verified and
 * executed before. The verdict is still audited (as a new entry: the trail is append-only, the
 * original approval is not overwritten), but neither order.rejected (the order is live, calling
 * it rejected would be false) nor a second approval is sent.
 *
 * The first decision is final: a re-delivery that arrives after a decision was recorded but before
 * execution claimed the order (or after a crash between recording and acting) repeats that decision
 * instead of judging again, so a later snapshot (staler data, a closed market) can never publish a
 * rejection for an intent that was approved. Repeating is safe: the orders queue de-duplicates on the
 * intent, execution's conditional claim makes a second approval a no-op, and order.rejected is
 * at-least-once.
 */
export async function verifyOrderIntent(deps: VerifyDeps, intent: OrderIntentV1): Promise<VerifyOutcome> {
  const clientOrderId = clientOrderIdFor(intent.intentId);
  const [earlier, existingOrder] = await Promise.all([deps.audit.firstDecision(intent.intentId), deps.orders.get(clientOrderId)]);
  if (earlier !== undefined && existingOrder === undefined) return repeatDecision(deps, intent, clientOrderId, earlier);

  const [now, killSwitch, limits, account, positions, trades] = await Promise.all([
    deps.clock.now(),
    deps.limits.killSwitch(intent.accountId),
    deps.limits.currentLimits(intent.accountId),
    deps.broker.account(),
    deps.broker.positions(),
    deps.marketData.latestTrades([intent.symbol]),
  ]);
  const lastTrade = trades.get(intent.symbol);
  const context: PreTradeContext = {
    now,
    calendar: deps.calendar,
    killSwitch,
    limits,
    account,
    positions,
    ...(lastTrade === undefined ? {} : { lastTrade }),
    ...(existingOrder === undefined ? {} : { existingOrder }),
  };
  const verdict = verifyIntent(intent, context, deps.checks);

  await deps.audit.record({
    intentId: intent.intentId,
    accountId: intent.accountId,
    symbol: intent.symbol,
    decidedAt: now,
    approved: verdict.approved,
    policyVersion: verdict.policyVersion,
    checks: verdict.checks,
    intent,
  });

  if (existingOrder !== undefined) return { kind: 'duplicate', existingOrder, verdict };
  return actOnDecision(deps, intent, clientOrderId, verdict, now);
}

/** Acts again on the recorded first decision of an intent, exactly as it was decided. */
function repeatDecision(deps: VerifyDeps, intent: OrderIntentV1, clientOrderId: string, decision: RiskDecisionRecord): Promise<VerifyOutcome> {
  const verdict: RiskVerdict = {
    approved: decision.approved,
    policyVersion: decision.policyVersion,
    checks: decision.checks,
    failed: decision.checks.filter((c) => !c.passed),
  };
  return actOnDecision(deps, decision.intent, clientOrderId, verdict, decision.decidedAt);
}

/** Sends the approval to the orders queue, or publishes the rejection with every failed check. */
async function actOnDecision(
  deps: VerifyDeps,
  intent: OrderIntentV1,
  clientOrderId: string,
  verdict: RiskVerdict,
  decidedAt: number,
): Promise<VerifyOutcome> {
  if (verdict.approved) {
    const approved: ApprovedOrderV1 = { schema: 'ApprovedOrderV1', intent, clientOrderId, policyVersion: verdict.policyVersion, approvedAt: decidedAt };
    await deps.approvedOrders.send(approved);
    return { kind: 'approved', approved, verdict };
  }
  const rejection: OrderRejectedV1 = {
    schema: 'OrderRejectedV1',
    intentId: intent.intentId,
    accountId: intent.accountId,
    strategyId: intent.strategyId,
    symbol: intent.symbol,
    stage: 'verify',
    policyVersion: verdict.policyVersion,
    failedChecks: [...verdict.failed],
    rejectedAt: decidedAt,
  };
  await deps.events.publish('order.rejected', rejection);
  return { kind: 'rejected', rejection, verdict };
}
