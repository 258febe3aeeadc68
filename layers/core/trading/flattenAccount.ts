import type { OrderIntentV1, RiskLimitsV1 } from '../../contracts';
import { clientOrderIdFor, isTerminalOrderStatus } from '../execution';
import * as money from '../money';
import type { Broker, BrokerPosition, Clock, LimitsStore, OrderIntentQueue, StrategyStateStore } from '../ports';
import { isOptionSymbol } from '../risk';

/** The strategy id flatten intents carry (audit, order table). */
export const FLATTEN_STRATEGY_ID = 'kill-switch-flatten';
/** Strategy-state partition of the flatten audit records: `kill-switch-flatten#<accountId>`, sort key = request time (ISO). */
export const flattenAuditKey = (accountId: string): string => `${FLATTEN_STRATEGY_ID}#${accountId}`;
/** Working orders older than this are not looked for: tradeloop sends day orders only. */
const WORKING_ORDER_LOOKBACK_MS = 24 * 60 * 60_000;

export interface FlattenDeps {
  readonly clock: Clock;
  readonly broker: Pick<Broker, 'positions' | 'ordersSince' | 'cancelOrder'>;
  readonly limits: Pick<LimitsStore, 'currentLimits'>;
  readonly intents: OrderIntentQueue;
  /** Where each flatten request is recorded (who, why, what was canceled and sent). */
  readonly audit: StrategyStateStore;
  readonly config: { readonly accountId: string };
}

export interface FlattenRequest {
  /** `changedAt` of the kill-switch engagement this flatten belongs to: part of every intent id. */
  readonly engagedAt: number;
  readonly actor: string;
  readonly reason: string;
}

export interface FlattenResult {
  readonly engagedAt: number;
  /** Broker order ids canceled, and those that were already final by the time the cancel arrived. */
  readonly canceled: readonly string[];
  readonly notCancelable: readonly string[];
  /** Working orders kept: this flatten's own orders from an earlier, identical request. */
  readonly kept: readonly string[];
  readonly intents: readonly OrderIntentV1[];
  /** Positions not flattened, with why (option contracts: closed by the operator at the broker for now). */
  readonly skipped: readonly { readonly symbol: string; readonly quantity: string; readonly reason: string }[];
}

/**
 * The closing intents for one position: market, day, tagged as a flatten exit, split so no order is over
 * the policy's fat-finger limits (maxOrderQuantity, and maxOrderNotional at the position's current price;
 * the checks apply those to exits too). Ids are deterministic from the engagement, the symbol, the signed
 * quantity and the chunk: the same request repeated while the position is unchanged yields the same
 * intents (the queue, verify's first decision and the order claim then make them one order each); a
 * position that changed (partly closed) yields intents for what is left.
 */
export function flattenIntents(position: BrokerPosition, policy: Pick<RiskLimitsV1, 'maxOrderQuantity' | 'maxOrderNotional'>, meta: { readonly accountId: string; readonly engagedAt: number; readonly now: number }): readonly OrderIntentV1[] {
  const total = money.abs(position.quantity);
  const price = position.currentPrice;
  if (money.isZero(total) || !money.isPositive(price)) return [];
  const byNotional = money.truncate(money.div(policy.maxOrderNotional, price));
  const chunk = money.min(policy.maxOrderQuantity, money.isPositive(byNotional) ? byNotional : '1');
  const side = money.isNegative(position.quantity) ? 'buy' : 'sell';
  const intents: OrderIntentV1[] = [];
  let left = total;
  for (let i = 0; money.isPositive(left); i += 1) {
    const quantity = money.min(left, chunk);
    const signalId = `${FLATTEN_STRATEGY_ID}:${meta.engagedAt}:${position.symbol}:${position.quantity}:${i}`;
    intents.push({
      schema: 'OrderIntentV1',
      intentId: `${meta.accountId}:${signalId}`,
      accountId: meta.accountId,
      strategyId: FLATTEN_STRATEGY_ID,
      signalId,
      symbol: position.symbol,
      side,
      quantity,
      orderType: 'market',
      timeInForce: 'day',
      referencePrice: price,
      marketDataAt: meta.now,
      createdAt: meta.now,
      exit: { source: 'flatten', attempt: 1 },
    });
    left = money.sub(left, quantity);
  }
  return intents;
}

/**
 * The kill switch's flatten, after the switch is stored as engaged: (1) cancel every order still working
 * at the broker except this flatten's own (a repeat of the request must not cancel the closing orders the
 * first one sent), (2) read the positions and send the closing intents of every equity position to the
 * order-intents queue, where verify-trade and execute-order judge them like any order (the engaged switch
 * lets them through as reduce-only exits), (3) record the request. Idempotent: everything is derived from
 * the engagement time and broker truth, and every effect is keyed by a deterministic id.
 */
export async function flattenAccount(deps: FlattenDeps, request: FlattenRequest): Promise<FlattenResult> {
  const { accountId } = deps.config;
  const now = await deps.clock.now();
  const [policy, before] = await Promise.all([deps.limits.currentLimits(accountId), deps.broker.positions()]);
  const planned = (positions: readonly BrokerPosition[]) => positions.filter((p) => !isOptionSymbol(p.symbol)).flatMap((p) => flattenIntents(p, policy.limits, { accountId, engagedAt: request.engagedAt, now }));
  const ownOrders = new Set(planned(before).map((i) => clientOrderIdFor(i.intentId)));

  const canceled: string[] = [];
  const notCancelable: string[] = [];
  const kept: string[] = [];
  const working = (await deps.broker.ordersSince(now - WORKING_ORDER_LOOKBACK_MS)).filter((o) => !isTerminalOrderStatus(o.status));
  for (const order of working) {
    if (ownOrders.has(order.clientOrderId)) {
      kept.push(order.brokerOrderId);
      continue;
    }
    if (deps.broker.cancelOrder === undefined) throw new Error('this broker adapter cannot cancel orders: flatten cannot proceed safely');
    ((await deps.broker.cancelOrder(order.brokerOrderId)) === 'canceled' ? canceled : notCancelable).push(order.brokerOrderId);
  }

  // Positions again: a working order may have filled before its cancel landed.
  const positions = canceled.length + notCancelable.length > 0 ? await deps.broker.positions() : before;
  const skipped = positions
    .filter((p) => isOptionSymbol(p.symbol) && !money.isZero(p.quantity))
    .map((p) => ({ symbol: p.symbol, quantity: p.quantity, reason: 'option contract: flatten sends equity closing orders only; close it at the broker' }));
  const intents = planned(positions);
  for (const intent of intents) await deps.intents.send(intent);

  const result: FlattenResult = { engagedAt: request.engagedAt, canceled, notCancelable, kept, intents, skipped };
  const auditKey = flattenAuditKey(accountId);
  const at = new Date(now).toISOString();
  const prior = await deps.audit.load(auditKey, at);
  await deps.audit.save(
    { strategyId: auditKey, symbol: at, state: { actor: request.actor, reason: request.reason, ...result, intents: intents.map((i) => ({ intentId: i.intentId, symbol: i.symbol, side: i.side, quantity: i.quantity })) }, version: (prior?.version ?? 0) + 1 },
    prior?.version ?? 0,
  );
  return result;
}
