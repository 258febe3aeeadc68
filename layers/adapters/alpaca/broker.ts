import type { trading } from '@alpacahq/alpaca-trade-api';
import { ExternalServiceError } from '../../core/ports';
import type {
  Broker,
  BrokerAccount,
  BrokerOrder,
  BrokerPosition,
  MarketClock,
  SubmitOrderRequest,
  SubmitOrderResult,
} from '../../core/ports';
import type { AlpacaClients } from './clients';
import { describeAlpacaFailure, toExternalServiceError } from './errors';
import { toBrokerAccount, toBrokerOrder, toBrokerPosition, toMarketClock, UnsupportedBrokerData } from './mapping';

/** Alpaca's answer when a client order id was used before (HTTP 422, "client_order_id must be unique"). */
const DUPLICATE_CLIENT_ORDER_ID = /client[\s_]?order[\s_]?id/i;
const DUPLICATE_WORDING = /unique|duplicate|already/i;

/** Alpaca's page size limit for GET /v2/orders. */
const ORDERS_PAGE_LIMIT = 500;

export interface AlpacaBrokerOptions {
  /**
   * Alpaca filters orders by submission time, not update time; `ordersSince` therefore also looks
   * this far before `since` for orders submitted earlier and updated later (default one day:
   * tradeloop's day orders never outlive a session). Open orders are always included.
   */
  readonly updateLookbackMs?: number;
}

/** Broker over the Alpaca Trading API (live or paper, or the local paper broker). */
export class AlpacaBroker implements Broker {
  private readonly lookbackMs: number;

  constructor(
    private readonly clients: Pick<AlpacaClients, 'account' | 'positions' | 'orders' | 'clock'>,
    options: AlpacaBrokerOptions = {},
  ) {
    this.lookbackMs = options.updateLookbackMs ?? 24 * 60 * 60 * 1000;
  }

  async account(): Promise<BrokerAccount> {
    return toBrokerAccount(await this.call('account', () => this.clients.account.getAccount()));
  }

  async positions(): Promise<readonly BrokerPosition[]> {
    return (await this.call('positions', () => this.clients.positions.getAllOpenPositions())).map(toBrokerPosition);
  }

  /**
   * Submits once (the SDK never replays a POST). A reused client order id means an earlier attempt
   * reached Alpaca: that order is fetched and returned as `duplicate`. Business refusals (403
   * buying power, 422 invalid order) are `rejected` values; throttling, 5xx and no answer throw a
   * retryable error (the retry will meet the duplicate path if the order did get through).
   */
  async submitOrder(request: SubmitOrderRequest): Promise<SubmitOrderResult> {
    const body = postOrderBody(request);
    try {
      const order = await this.clients.orders.postOrder({ postOrderRequest: body });
      return { kind: 'accepted', order: this.map('submitOrder', order) };
    } catch (error) {
      const failure = describeAlpacaFailure(error);
      if (failure.kind === 'http' && failure.status === 422 && isDuplicateClientOrderId(failure.message)) {
        const existing = await this.orderByClientId(request.clientOrderId);
        if (!existing) {
          throw new ExternalServiceError(
            `alpaca reported client order id ${request.clientOrderId} as used but has no such order`,
            true,
            'alpaca',
            { cause: error },
          );
        }
        return { kind: 'duplicate', order: existing };
      }
      if (failure.kind === 'http' && (failure.status === 403 || failure.status === 422)) {
        return { kind: 'rejected', reason: failure.message, httpStatus: failure.status };
      }
      throw toExternalServiceError('submitOrder', error);
    }
  }

  async orderByClientId(clientOrderId: string): Promise<BrokerOrder | undefined> {
    try {
      const order = await this.clients.orders.getOrderByClientOrderId({ clientOrderId });
      return this.map('orderByClientId', order);
    } catch (error) {
      const failure = describeAlpacaFailure(error);
      if (failure.kind === 'http' && failure.status === 404) return undefined;
      if (error instanceof ExternalServiceError) throw error;
      throw toExternalServiceError('orderByClientId', error);
    }
  }

  /**
   * Orders updated at or after `since`, oldest update first. Pages through `status=all` by
   * submission time (ascending, `after` moving to the last order seen) and adds the open orders.
   * Orders of kinds tradeloop never sends (stop, trailing…) are skipped, not fatal.
   */
  async ordersSince(since: number): Promise<readonly BrokerOrder[]> {
    const byId = new Map<string, BrokerOrder>();
    const add = (orders: readonly trading.Order[]): number => {
      let added = 0;
      for (const order of orders) {
        const mapped = this.tryMap(order);
        if (mapped && !byId.has(mapped.brokerOrderId)) {
          byId.set(mapped.brokerOrderId, mapped);
          added++;
        }
      }
      return added;
    };

    let after = new Date(since - this.lookbackMs);
    for (;;) {
      const page = await this.call('ordersSince', () =>
        this.clients.orders.getAllOrders({
          status: 'all',
          direction: 'asc',
          limit: ORDERS_PAGE_LIMIT,
          after: after.toISOString(),
        }),
      );
      const added = add(page);
      const last = page.at(-1)?.submittedAt ?? page.at(-1)?.createdAt;
      if (page.length < ORDERS_PAGE_LIMIT || added === 0 || !last) break;
      // `after` is exclusive; stepping back 1 ms re-reads orders of the same millisecond (deduplicated by id).
      after = new Date(last.getTime() - 1);
    }
    add(await this.call('ordersSince', () => this.clients.orders.getAllOrders({ status: 'open', limit: ORDERS_PAGE_LIMIT })));

    return [...byId.values()].filter((o) => o.updatedAt >= since).sort((a, b) => a.updatedAt - b.updatedAt);
  }

  async clock(): Promise<MarketClock> {
    return toMarketClock(await this.call('clock', () => this.clients.clock.legacyClock()));
  }

  /** DELETE /v2/orders/{id}. Alpaca answers 422 for an order that can no longer be canceled (filled, canceled) and 404 for an unknown one. */
  async cancelOrder(brokerOrderId: string): Promise<'canceled' | 'not-cancelable'> {
    try {
      await this.clients.orders.deleteOrderByOrderID({ orderId: brokerOrderId });
      return 'canceled';
    } catch (error) {
      const failure = describeAlpacaFailure(error);
      if (failure.kind === 'http' && (failure.status === 404 || failure.status === 422)) return 'not-cancelable';
      throw toExternalServiceError('cancelOrder', error);
    }
  }

  private async call<T>(operation: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw toExternalServiceError(operation, error);
    }
  }

  private map(operation: string, order: trading.Order): BrokerOrder {
    try {
      return toBrokerOrder(order);
    } catch (error) {
      if (error instanceof UnsupportedBrokerData) {
        throw new ExternalServiceError(`alpaca ${operation}: ${error.message}`, false, 'alpaca', { cause: error });
      }
      throw error;
    }
  }

  private tryMap(order: trading.Order): BrokerOrder | undefined {
    try {
      return toBrokerOrder(order);
    } catch (error) {
      if (error instanceof UnsupportedBrokerData) return undefined;
      throw error;
    }
  }
}

/**
 * Alpaca's CreateOrderRequest. An mleg order has no symbol and no side of its own (the spec: "required
 * for all order classes except mleg"): it carries `order_class: mleg`, `legs` (symbol, ratio_qty, side,
 * position_intent), `qty` in units of the structure and a signed `limit_price` (+ debit, − credit).
 * A single option order is a simple order on the OCC symbol. Exported for the tests.
 */
export function postOrderBody(request: SubmitOrderRequest): trading.PostOrderRequest {
  const common = {
    qty: request.quantity,
    type: request.orderType,
    timeInForce: request.timeInForce,
    clientOrderId: request.clientOrderId,
    ...(request.limitPrice ? { limitPrice: request.limitPrice } : {}),
  };
  if (request.legs !== undefined) {
    return {
      ...common,
      orderClass: 'mleg',
      legs: request.legs.map((leg) => ({ symbol: leg.symbol, ratioQty: String(leg.ratio), side: leg.side, positionIntent: leg.positionIntent })),
    };
  }
  return { ...common, symbol: request.symbol, side: request.side };
}

function isDuplicateClientOrderId(message: string): boolean {
  return DUPLICATE_CLIENT_ORDER_ID.test(message) && DUPLICATE_WORDING.test(message);
}
