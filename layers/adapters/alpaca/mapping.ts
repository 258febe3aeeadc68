import type { trading } from '@alpacahq/alpaca-trade-api';
import { BrokerOrderStatus, OrderType, TimeInForce } from '../../contracts';
import type { BrokerAccount, BrokerOrder, BrokerPosition, MarketClock } from '../../core/ports';

/**
 * Alpaca's JSON to the port types. Money and quantities stay the exact decimal strings Alpaca
 * sends; times become UTC epoch ms. The SDK has already turned ISO times of orders and the clock
 * into Date objects.
 */

/** Raised when Alpaca answers with something tradeloop cannot represent (an order type it never sends…). */
export class UnsupportedBrokerData extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsupportedBrokerData';
  }
}

function epochMs(value: Date | string | undefined | null, field: string): number {
  if (value === undefined || value === null) throw new UnsupportedBrokerData(`missing ${field}`);
  const ms = value instanceof Date ? value.getTime() : Date.parse(value);
  if (!Number.isFinite(ms)) throw new UnsupportedBrokerData(`invalid time in ${field}`);
  return ms;
}

/** A decimal string field; Alpaca sends `null` for some absent amounts. */
function decimal(value: unknown, fallback = '0'): string {
  return typeof value === 'string' && value.length > 0 ? value : typeof value === 'number' ? String(value) : fallback;
}

/** Alpaca reports short quantities negative, but only `side` is guaranteed: make the sign explicit. */
function signedQuantity(qty: string, side: unknown): string {
  return side === 'short' && !qty.startsWith('-') && qty !== '0' ? `-${qty}` : qty;
}

export function toBrokerOrder(order: trading.Order): BrokerOrder {
  const status = BrokerOrderStatus.safeParse(order.status);
  if (!status.success) throw new UnsupportedBrokerData(`order ${order.id}: unknown status ${String(order.status)}`);
  const orderType = OrderType.safeParse(order.orderType ?? order.type);
  if (!orderType.success) throw new UnsupportedBrokerData(`order ${order.id}: unsupported type ${String(order.type)}`);
  const timeInForce = TimeInForce.safeParse(order.timeInForce);
  if (!timeInForce.success) throw new UnsupportedBrokerData(`order ${order.id}: unsupported time in force`);
  const mleg = multiLegShape(order);
  const side = mleg?.side ?? order.side;
  const symbol = mleg?.symbol ?? order.symbol;
  if (side !== 'buy' && side !== 'sell') throw new UnsupportedBrokerData(`order ${order.id}: unsupported side`);
  if (!order.id || !order.clientOrderId || !symbol) throw new UnsupportedBrokerData('order without id, client order id or symbol');
  const submittedAt = epochMs(order.submittedAt ?? order.createdAt, 'submitted_at');
  return {
    brokerOrderId: order.id,
    clientOrderId: order.clientOrderId,
    symbol,
    side,
    orderType: orderType.data,
    timeInForce: timeInForce.data,
    quantity: decimal(order.qty),
    ...(order.limitPrice ? { limitPrice: mleg === undefined ? decimal(order.limitPrice) : decimal(order.limitPrice).replace(/^-/, '') } : {}),
    status: status.data,
    filledQuantity: decimal(order.filledQty),
    ...(order.filledAvgPrice ? { filledAveragePrice: decimal(order.filledAvgPrice) } : {}),
    submittedAt,
    updatedAt: order.updatedAt ? epochMs(order.updatedAt, 'updated_at') : submittedAt,
  };
}

/** The OCC root of an option symbol (SPY240119C00470000 → SPY). */
const occRoot = (symbol: string): string | undefined => /^([A-Z][A-Z0-9.]{0,5}?)\d{6}[CP]\d{8}$/.exec(symbol)?.[1];

/**
 * An mleg order has no symbol or side of its own (Alpaca sends "" for both): it is recorded under the
 * underlying (the OCC root of its first leg) with the side of the intent, a net debit being `buy` and a
 * net credit (negative limit) `sell`; the limit is kept unsigned as on the intent. Undefined for other orders.
 */
function multiLegShape(order: trading.Order): { readonly symbol: string | undefined; readonly side: string } | undefined {
  const raw = order as trading.Order & Record<string, unknown>;
  if ((order.orderClass ?? raw['order_class']) !== 'mleg') return undefined;
  const first = order.legs?.[0]?.symbol;
  const limit = order.limitPrice === undefined || order.limitPrice === null ? undefined : String(order.limitPrice);
  const side = limit !== undefined ? (limit.startsWith('-') ? 'sell' : 'buy') : order.side === 'buy' || order.side === 'sell' ? order.side : 'buy';
  return { symbol: order.symbol || (first === undefined ? undefined : occRoot(first)), side };
}

export function toBrokerPosition(position: trading.Position): BrokerPosition {
  return {
    symbol: position.symbol,
    quantity: signedQuantity(decimal(position.qty), position.side),
    averageEntryPrice: decimal(position.avgEntryPrice),
    marketValue: decimal(position.marketValue),
    currentPrice: decimal(position.currentPrice),
    unrealizedPl: decimal(position.unrealizedPl),
  };
}

export function toBrokerAccount(account: trading.Account): BrokerAccount {
  // The SDK model keeps Alpaca's raw fields too; `pattern_day_trader` is only there.
  const raw = account as trading.Account & Record<string, unknown>;
  return {
    accountNumber: decimal(account.accountNumber, account.id),
    status: String(account.status),
    cash: decimal(account.cash),
    buyingPower: decimal(account.buyingPower),
    equity: decimal(account.equity),
    lastEquity: decimal(account.lastEquity),
    tradingBlocked: account.tradingBlocked === true || account.accountBlocked === true,
    patternDayTrader: raw['pattern_day_trader'] === true,
    ...optionsLevel(account.optionsTradingLevel ?? raw['options_trading_level'] ?? account.optionsApprovedLevel ?? raw['options_approved_level']),
  };
}

/** The effective options level: `options_trading_level` is min(approved level, the account's configured maximum). */
function optionsLevel(value: unknown): { optionsApprovalLevel?: number } {
  const level = typeof value === 'number' ? value : typeof value === 'string' && /^\d$/.test(value) ? Number(value) : undefined;
  return level === undefined || level < 0 || level > 4 ? {} : { optionsApprovalLevel: level };
}

export function toMarketClock(clock: trading.LegacyClock): MarketClock {
  return {
    timestamp: epochMs(clock.timestamp, 'timestamp'),
    isOpen: clock.isOpen,
    nextOpen: epochMs(clock.nextOpen, 'next_open'),
    nextClose: epochMs(clock.nextClose, 'next_close'),
  };
}
