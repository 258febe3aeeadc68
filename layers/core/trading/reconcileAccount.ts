import { canApplyOrderStatus } from '../execution';
import * as money from '../money';
import type { Broker, BrokerOrder, Clock, EventPublisher, OrderRecord, OrderStore, PositionRecord, PositionStore } from '../ports';

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
      symbol: order.symbol,
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
