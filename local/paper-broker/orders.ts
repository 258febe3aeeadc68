import type { Decimal } from 'decimal.js';
import type { PaperLeg } from './option-orders';

/** Order statuses this broker produces (a subset of Alpaca's OrderStatus). */
export type PaperOrderStatus = 'new' | 'partially_filled' | 'filled' | 'canceled' | 'expired' | 'replaced';

/** Trade-update events of Alpaca's `trade_updates` stream that this broker emits. */
export type TradeUpdateEvent = 'new' | 'fill' | 'partial_fill' | 'canceled' | 'expired' | 'replaced';

export type PaperTimeInForce = 'day' | 'gtc' | 'ioc' | 'fok';

/** Statuses after which an order never changes again. */
export const TERMINAL_STATUSES: ReadonlySet<PaperOrderStatus> = new Set(['filled', 'canceled', 'expired', 'replaced']);

/**
 * The broker's internal order record. It is mutated only by the engine, which publishes copies; everything
 * money-like is a Decimal.
 */
export interface PaperOrder {
  readonly id: string;
  readonly clientOrderId: string;
  readonly sequence: number;
  readonly symbol: string;
  readonly assetId: string;
  readonly side: 'buy' | 'sell';
  readonly type: 'market' | 'limit';
  readonly timeInForce: PaperTimeInForce;
  /** Ordered quantity; undefined for a notional order until its first fill fixes it. */
  quantity: Decimal | undefined;
  readonly notional: Decimal | undefined;
  readonly limitPrice: Decimal | undefined;
  status: PaperOrderStatus;
  filledQuantity: Decimal;
  /** Σ fill quantity × fill price, for the average fill price. */
  filledValue: Decimal;
  readonly createdAt: number;
  updatedAt: number;
  filledAt: number | undefined;
  canceledAt: number | undefined;
  expiredAt: number | undefined;
  replacedAt: number | undefined;
  replacedBy: string | undefined;
  readonly replaces: string | undefined;
  /** The earliest bar start this order may trade on (acceptance time + latency). */
  readonly eligibleAt: number;
  /** Session close for day orders. */
  readonly expiresAt: number | undefined;
  /** Quantity that opens or extends exposure (needs buying power) and its reserved price per share. */
  readonly openingQuantity: Decimal;
  readonly reservedPricePerShare: Decimal;
  /** Whether the order already met its first eligible bar (ioc/fok decide there). */
  sawEligibleBar: boolean;
  /**
   * Option orders only: the legs (one for a single option order, whose `symbol` is the OCC symbol), and
   * `mleg` for a multi-leg order (no symbol of its own: `symbol` is ""; `limitPrice` signed, + debit, − credit;
   * `side` buy for a net debit). Filled all-or-none.
   */
  readonly legs?: readonly PaperLeg[];
  readonly orderClass?: 'mleg';
}

/** A trade update as the engine publishes it (serialised to Alpaca JSON by the server). */
export interface TradeUpdate {
  readonly event: TradeUpdateEvent;
  readonly order: PaperOrder;
  readonly at: number;
  readonly price?: Decimal;
  readonly quantity?: Decimal;
  readonly positionQuantity?: Decimal;
  readonly executionId?: string;
}

/** A shallow copy, so published updates do not change when the engine later mutates the order. */
export function snapshot(order: PaperOrder): PaperOrder {
  return order.legs === undefined ? { ...order } : { ...order, legs: order.legs.map((leg) => ({ ...leg })) };
}
