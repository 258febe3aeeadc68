import { DEFAULT_RISK_LIMITS, type ApprovedOrderV1, type OrderRejectedV1 } from '../../contracts';
import * as money from '../money';
import type { Broker, BrokerOrder, Clock, EventPublisher, KillSwitchState, LimitsStore, OrderRecord, OrderStore, SubmitOrderRequest } from '../ports';
import { isTerminalOrderStatus } from '../execution';
import { killSwitchPassage, reduceOnly, type KillSwitchPassage } from '../risk/checks/killSwitch';

export interface ExecuteDeps {
  readonly clock: Clock;
  readonly limits: LimitsStore;
  readonly broker: Broker;
  readonly orders: OrderStore;
  readonly events: EventPublisher;
}

export type ExecuteOutcome =
  /** The broker holds the order. `recovered`: found at the broker after an earlier attempt died, or answered as a duplicate. */
  | { readonly kind: 'submitted'; readonly order: BrokerOrder; readonly recovered: boolean }
  /** The intent was handled before (a re-delivered message): nothing done. */
  | { readonly kind: 'already-handled'; readonly existing: OrderRecord }
  /** The kill switch was engaged: no order, the record is closed as rejected so a later re-delivery cannot submit it. */
  | { readonly kind: 'halted'; readonly reason: string }
  /** The broker refused the order. */
  | { readonly kind: 'rejected'; readonly reason: string; readonly httpStatus: number };

/**
 * Submits one approved order to the broker, exactly once per intent:
 * 1. Conditional claim of the order record under the deterministic client order id. A record
 *    that is already past 'claimed' means an earlier delivery finished: nothing to do.
 * 2. A record still 'claimed' means an earlier attempt died between claim and record, maybe
 *    after the broker accepted: the broker is asked by client order id first, and only an order
 *    it does not have is submitted. The broker also refuses a second order with the same client
 *    order id (answered 'duplicate'), which backs this up.
 * 3. The kill switch is read again (strongly consistent) before any submission, so an engaged
 *    switch stops orders already approved and queued, except a tagged exit that is still strictly
 *    reduce-only against the broker's positions when the policy allows risk-reducing exits; an exit
 *    that no longer only reduces is stopped even with the switch released (haltAtExecution).
 * 4. Events are published before the record is updated: a crash in between leaves the record
 *    'claimed', and the retry recovers the order from the broker and publishes again. So
 *    order.submitted is at-least-once (consumers de-duplicate on clientOrderId) and the broker
 *    order exactly-once.
 * Transport failures (ExternalServiceError) propagate for the queue to retry.
 */
export async function executeApprovedOrder(deps: ExecuteDeps, approved: ApprovedOrderV1): Promise<ExecuteOutcome> {
  const { intent, clientOrderId } = approved;
  const [now, switchState] = await Promise.all([deps.clock.now(), deps.limits.killSwitch(intent.accountId)]);
  const halt = await haltAtExecution(deps, approved, switchState);
  // Below, "engaged" means "this order is stopped": by the switch, or an exit that no longer only reduces.
  const killSwitch = { ...switchState, engaged: halt !== undefined };
  const haltReason = halt?.reason ?? '';
  const haltCheck = halt?.checkId ?? 'killSwitch';

  const record: OrderRecord = {
    clientOrderId,
    intentId: intent.intentId,
    accountId: intent.accountId,
    strategyId: intent.strategyId,
    symbol: intent.symbol,
    side: intent.side,
    quantity: intent.quantity,
    orderType: intent.orderType,
    ...(intent.limitPrice === undefined ? {} : { limitPrice: intent.limitPrice }),
    timeInForce: intent.timeInForce,
    status: killSwitch.engaged ? 'rejected' : 'claimed',
    ...(killSwitch.engaged ? { rejectionReason: haltReason } : {}),
    filledQuantity: '0',
    createdAt: now,
    updatedAt: now,
  };
  const claim = await deps.orders.claim(record);

  if (claim.kind === 'claimed') {
    if (killSwitch.engaged) {
      await publishRejected(deps, approved, 'verify', haltCheck, haltReason, halt?.measured ?? 'engaged', now);
      return { kind: 'halted', reason: haltReason };
    }
    return submit(deps, approved);
  }

  const existing = claim.existing;
  if (existing.status !== 'claimed') return { kind: 'already-handled', existing };

  // An earlier attempt claimed and then died: the broker may already have the order.
  const atBroker = await deps.broker.orderByClientId(clientOrderId);
  if (atBroker !== undefined) {
    await publishSubmitted(deps, approved, atBroker);
    await recordBrokerOrder(deps, clientOrderId, atBroker);
    return { kind: 'submitted', order: atBroker, recovered: true };
  }
  if (killSwitch.engaged) {
    await publishRejected(deps, approved, 'verify', haltCheck, haltReason, halt?.measured ?? 'engaged', now);
    await deps.orders.applyBrokerState(clientOrderId, { status: 'rejected', rejectionReason: haltReason, updatedAt: now });
    return { kind: 'halted', reason: haltReason };
  }
  return submit(deps, approved);
}

/** Why an approved order is stopped at execution, as order.rejected reports it. */
interface ExecutionHalt {
  readonly checkId: 'killSwitch' | 'reduceOnlyExit';
  readonly reason: string;
  readonly measured: string;
}

/**
 * The last gate before the broker. Not an exit: the kill switch stops it when engaged. An exit (tagged):
 * judged against the broker's positions NOW, net of the other orders still working there, and stopped
 * unless strictly reduce-only, whatever the switch says: the position may have closed or changed since
 * verification, a retried exit may meet an earlier attempt still in flight, and an order sent to close
 * must never open the other side. With the switch engaged, the policy must also allow exits. Positions,
 * orders and the policy are read only for exits.
 */
async function haltAtExecution(deps: ExecuteDeps, approved: ApprovedOrderV1, killSwitch: KillSwitchState): Promise<ExecutionHalt | undefined> {
  const { intent } = approved;
  if (intent.exit === undefined) {
    const passage = killSwitchPassage(intent, killSwitch, DEFAULT_RISK_LIMITS, []);
    return passage.allowed ? undefined : { checkId: 'killSwitch', reason: passage.reason, measured: 'engaged' };
  }
  const now = await deps.clock.now();
  const [limits, positions, recent] = await Promise.all([deps.limits.currentLimits(intent.accountId), deps.broker.positions(), deps.broker.ordersSince(now - WORKING_ORDER_LOOKBACK_MS)]);
  const working = recent
    .filter((o) => o.clientOrderId !== approved.clientOrderId && !isTerminalOrderStatus(o.status))
    .map((o) => ({ symbol: o.symbol, side: o.side, quantity: money.max('0', money.sub(o.quantity, o.filledQuantity)) }));
  if (killSwitch.engaged) {
    const passage: KillSwitchPassage = killSwitchPassage(intent, killSwitch, limits.limits, positions, working);
    return passage.allowed ? undefined : { checkId: 'killSwitch', reason: passage.reason, measured: 'engaged' };
  }
  const verdict = reduceOnly(intent, positions, working);
  return verdict.reduceOnly ? undefined : { checkId: 'reduceOnlyExit', reason: `${intent.exit.source} exit no longer reduce-only: ${verdict.reason}`, measured: `${verdict.before}→${verdict.after}` };
}

/** Working orders older than this are not looked for: tradeloop sends day orders only. */
const WORKING_ORDER_LOOKBACK_MS = 24 * 60 * 60_000;

async function submit(deps: ExecuteDeps, approved: ApprovedOrderV1): Promise<ExecuteOutcome> {
  const { intent, clientOrderId } = approved;
  const result = await deps.broker.submitOrder(brokerRequest(approved));
  if (result.kind === 'rejected') {
    const now = await deps.clock.now();
    await publishRejected(deps, approved, 'broker', 'broker', result.reason, `HTTP ${result.httpStatus}`, now);
    await deps.orders.applyBrokerState(clientOrderId, { status: 'rejected', rejectionReason: result.reason.slice(0, 500), updatedAt: now });
    return { kind: 'rejected', reason: result.reason, httpStatus: result.httpStatus };
  }
  await publishSubmitted(deps, approved, result.order);
  await recordBrokerOrder(deps, clientOrderId, result.order);
  return { kind: 'submitted', order: result.order, recovered: result.kind === 'duplicate' };
}

/**
 * The broker order of an approved intent: an equity order on the ticker; a single option order on the
 * OCC contract symbol; a multi-leg intent as one mleg order whose legs carry the contract, ratio, side
 * and position intent, with the limit signed as Alpaca wants it (the intent's limit is the absolute net
 * premium; a `sell` intent is a net credit, so its limit goes out negative). Exported for the tests.
 */
export function brokerRequest(approved: ApprovedOrderV1): SubmitOrderRequest {
  const { intent, clientOrderId } = approved;
  const common = { clientOrderId, side: intent.side, orderType: intent.orderType, timeInForce: intent.timeInForce, quantity: intent.quantity };
  if (intent.multiLeg !== undefined) {
    const limit = intent.limitPrice === undefined ? {} : { limitPrice: intent.side === 'sell' ? money.toDecimalString(money.dec(intent.limitPrice).negated()) : intent.limitPrice };
    return {
      ...common,
      symbol: intent.symbol,
      assetClass: 'us_option',
      ...limit,
      legs: intent.multiLeg.legs.map((leg) => ({ symbol: leg.contractSymbol, ratio: leg.ratio, side: leg.side, positionIntent: leg.positionIntent })),
    };
  }
  const limit = intent.limitPrice === undefined ? {} : { limitPrice: intent.limitPrice };
  if (intent.option !== undefined) return { ...common, symbol: intent.option.contractSymbol, assetClass: 'us_option', ...limit };
  return { ...common, symbol: intent.symbol, ...limit };
}

function recordBrokerOrder(deps: ExecuteDeps, clientOrderId: string, order: BrokerOrder): Promise<void> {
  return deps.orders.applyBrokerState(clientOrderId, {
    brokerOrderId: order.brokerOrderId,
    status: order.status,
    filledQuantity: order.filledQuantity,
    ...(order.filledAveragePrice === undefined ? {} : { filledAveragePrice: order.filledAveragePrice }),
    updatedAt: order.updatedAt,
  });
}

function publishSubmitted(deps: ExecuteDeps, approved: ApprovedOrderV1, order: BrokerOrder): Promise<void> {
  const { intent } = approved;
  return deps.events.publish('order.submitted', {
    schema: 'OrderSubmittedV1',
    intentId: intent.intentId,
    clientOrderId: approved.clientOrderId,
    brokerOrderId: order.brokerOrderId,
    accountId: intent.accountId,
    symbol: intent.symbol,
    side: intent.side,
    quantity: intent.quantity,
    status: order.status,
    submittedAt: order.submittedAt,
  });
}

function publishRejected(
  deps: ExecuteDeps,
  approved: ApprovedOrderV1,
  stage: OrderRejectedV1['stage'],
  checkId: string,
  reason: string,
  measured: string,
  now: number,
): Promise<void> {
  const { intent } = approved;
  return deps.events.publish('order.rejected', {
    schema: 'OrderRejectedV1',
    intentId: intent.intentId,
    accountId: intent.accountId,
    strategyId: intent.strategyId,
    symbol: intent.symbol,
    stage,
    policyVersion: approved.policyVersion,
    failedChecks: [{ checkId, passed: false, reason: reason.slice(0, 500), measured: measured.slice(0, 64) }],
    rejectedAt: now,
  });
}
