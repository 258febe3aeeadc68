import { canApplyOrderStatus } from '../execution';
import type { TradingCalendar } from '../market';
import * as money from '../money';
import type {
  Broker,
  BrokerAccount,
  BrokerOrder,
  Clock,
  EventPublisher,
  KillSwitchState,
  LimitsStore,
  OrderRecord,
  OrderStore,
  PositionRecord,
  PositionStore,
  StrategyStateStore,
} from '../ports';
import { ACCOUNT_RISK_STATE_KEY, evaluateLossProtection, loadAccountRiskState, type AccountRiskState, type LossProtectionDecision } from '../risk';

export interface ReconcileConfig {
  readonly accountId: string;
  /** Without an explicit watermark, broker orders updated within this window are examined. */
  readonly lookbackMs: number;
}

export interface ReconcileDeps {
  readonly clock: Clock;
  readonly broker: Broker;
  readonly orders: OrderStore;
  readonly positions: PositionStore;
  readonly events: EventPublisher;
  readonly config: ReconcileConfig;
}

export interface ReconcileSummary {
  readonly accountId: string;
  readonly positions: number;
  readonly ordersSeen: number;
  /** Stored orders moved forward (each published as order.updated). */
  readonly ordersUpdated: number;
  /** Broker orders with no stored record (placed outside tradeloop): reported, not adopted. */
  readonly unknownOrders: readonly string[];
  /** The latest broker update seen: pass it as `since` next time. */
  readonly watermark: number;
}

/** Whether a broker report moves a stored order forward (status rank, fills, broker id learnt). */
function isForwardChange(stored: OrderRecord, broker: BrokerOrder): boolean {
  if (!canApplyOrderStatus(stored.status, broker.status)) return false;
  if (money.compare(broker.filledQuantity, stored.filledQuantity) < 0) return false;
  return (
    stored.status !== broker.status ||
    money.compare(broker.filledQuantity, stored.filledQuantity) !== 0 ||
    stored.brokerOrderId !== broker.brokerOrderId ||
    (broker.filledAveragePrice !== undefined && stored.filledAveragePrice !== broker.filledAveragePrice)
  );
}

/**
 * Brings the store in line with the broker: positions are replaced by broker truth; each broker
 * order updated since the watermark is applied to its stored record when it moves it forward
 * (never backwards: terminal stays terminal) and announced as order.updated. A record left
 * 'claimed' by a crash is completed here too. The event is published before the record is
 * updated, so a crash in between repeats the event on the next run rather than losing it.
 */
export async function reconcileAccount(deps: ReconcileDeps, options: { readonly since?: number } = {}): Promise<ReconcileSummary> {
  const { accountId } = deps.config;
  const now = await deps.clock.now();
  const since = options.since ?? now - deps.config.lookbackMs;
  const [brokerPositions, brokerOrders] = await Promise.all([deps.broker.positions(), deps.broker.ordersSince(since)]);

  const records: PositionRecord[] = brokerPositions.map((p) => ({
    accountId,
    symbol: p.symbol,
    quantity: p.quantity,
    averageEntryPrice: p.averageEntryPrice,
    marketValue: p.marketValue,
    unrealizedPl: p.unrealizedPl,
    updatedAt: now,
  }));
  await deps.positions.replaceAll(accountId, records);

  let ordersUpdated = 0;
  const unknownOrders: string[] = [];
  let watermark = since;
  for (const order of brokerOrders) {
    watermark = Math.max(watermark, order.updatedAt);
    const stored = await deps.orders.get(order.clientOrderId);
    if (stored === undefined || stored.accountId !== accountId) {
      unknownOrders.push(order.clientOrderId);
      continue;
    }
    if (!isForwardChange(stored, order)) continue;
    await deps.events.publish('order.updated', {
      schema: 'OrderUpdatedV1',
      intentId: stored.intentId,
      clientOrderId: order.clientOrderId,
      brokerOrderId: order.brokerOrderId,
      accountId,
      // The record's symbol (the intent's ticker; the underlying of an option order): an option's OCC symbol is not a Ticker.
      symbol: stored.symbol,
      side: order.side,
      status: order.status,
      filledQuantity: order.filledQuantity,
      ...(order.filledAveragePrice === undefined ? {} : { filledAveragePrice: order.filledAveragePrice }),
      updatedAt: order.updatedAt,
    });
    await deps.orders.applyBrokerState(order.clientOrderId, {
      brokerOrderId: order.brokerOrderId,
      status: order.status,
      filledQuantity: order.filledQuantity,
      ...(order.filledAveragePrice === undefined ? {} : { filledAveragePrice: order.filledAveragePrice }),
      updatedAt: order.updatedAt,
    });
    ordersUpdated += 1;
  }
  return { accountId, positions: records.length, ordersSeen: brokerOrders.length, ordersUpdated, unknownOrders, watermark };
}

export interface LossProtectionDeps {
  readonly accountId: string;
  readonly clock: Clock;
  readonly calendar: TradingCalendar;
  readonly broker: Pick<Broker, 'account'>;
  readonly limits: LimitsStore;
  readonly strategyState: StrategyStateStore;
  readonly events: EventPublisher;
}

export interface LossProtectionSummary extends LossProtectionDecision {
  readonly account: BrokerAccount;
  readonly policyVersion: number;
  /** The kill switch after this run. */
  readonly killSwitch: KillSwitchState;
  /** True when this run engaged the kill switch. */
  readonly engaged: boolean;
}

/** Who the automatic engagement is attributed to in the kill switch record and event. */
export const AUTOMATIC_KILL_SWITCH_ACTOR = 'reconcile (automatic loss protection)';

/**
 * Loss protection, run by reconcile after positions are brought in line: updates the account's
 * equity peak, drawdown and sizing multiplier (AccountRiskState, read by verify-trade and the
 * signal engine), and engages the kill switch when the daily loss or the drawdown reached its
 * limit, with the audited reason `auto: daily loss … > limit …` and kill-switch.changed published,
 * exactly as the control API does. It never releases the switch: only the authenticated control
 * API does, with a reason; a breach it was already engaged for does not re-engage it after that.
 *
 * Order of writes: the switch is stored before the risk state that remembers the breach, so a
 * crash in between can only engage it once more, never miss a breach.
 */
export async function protectAgainstLosses(deps: LossProtectionDeps): Promise<LossProtectionSummary> {
  const [now, account, limits, killSwitch, prior] = await Promise.all([
    deps.clock.now(),
    deps.broker.account(),
    deps.limits.currentLimits(deps.accountId),
    deps.limits.killSwitch(deps.accountId),
    loadAccountRiskState(deps.strategyState, deps.accountId),
  ]);
  const decision = evaluateLossProtection({
    now,
    sessionDate: deps.calendar.sessionDate(now),
    account,
    limits,
    killSwitch,
    ...(prior === undefined ? {} : { prior: prior.state }),
  });
  let switchAfter = killSwitch;
  if (decision.engage !== undefined) {
    switchAfter = { engaged: true, reason: decision.engage.reason.slice(0, 500), actor: AUTOMATIC_KILL_SWITCH_ACTOR, changedAt: now };
    await deps.limits.setKillSwitch(deps.accountId, switchAfter);
    await deps.events.publish('kill-switch.changed', { schema: 'KillSwitchChangedV1', accountId: deps.accountId, ...switchAfter });
  }
  await saveRiskState(deps, decision.state, prior?.version ?? 0);
  return { ...decision, account, policyVersion: limits.version, killSwitch: switchAfter, engaged: decision.engage !== undefined };
}

/** Saves the risk state; on a lost race, merges the remembered breaches into the newer record (a few tries). */
async function saveRiskState(deps: LossProtectionDeps, state: AccountRiskState, expectedVersion: number): Promise<void> {
  let next = state;
  let version = expectedVersion;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    if (await deps.strategyState.save({ strategyId: ACCOUNT_RISK_STATE_KEY, symbol: deps.accountId, state: next, version: version + 1 }, version)) return;
    const newer = await loadAccountRiskState(deps.strategyState, deps.accountId);
    if (newer === undefined) return;
    version = newer.version;
    const peak = money.max(newer.state.equityPeak, next.equityPeak);
    next = {
      ...next,
      equityPeak: peak,
      peakAt: peak === next.equityPeak ? next.peakAt : newer.state.peakAt,
      autoEngaged: [...new Set([...newer.state.autoEngaged, ...next.autoEngaged])].slice(-20),
    };
  }
}
