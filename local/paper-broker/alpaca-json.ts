import { Decimal } from 'decimal.js';
import type { BrokerEngine } from './engine';
import { nameUuid } from './ids';
import type { LedgerPosition } from './ledger';
import type { PaperOrder, TradeUpdate } from './orders';

/** Alpaca's decimal strings: plain notation (never exponent), at most 9 decimals, no trailing zeros. */
export function decimalString(value: Decimal): string {
  return value.toDecimalPlaces(9, Decimal.ROUND_HALF_EVEN).toFixed();
}

/** RFC 3339 UTC timestamp as Alpaca writes it. */
export function isoTime(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

const isoOrNull = (epochMs: number | undefined): string | null => (epochMs === undefined ? null : isoTime(epochMs));

/** An order as Alpaca's `Order` schema (trading-api.json). */
export type AlpacaOrderJson = Readonly<Record<string, unknown>> & {
  readonly id: string;
  readonly client_order_id: string;
  readonly symbol: string;
  readonly status: string;
  readonly side: 'buy' | 'sell';
  readonly qty: string | null;
  readonly filled_qty: string;
  readonly filled_avg_price: string | null;
};

/**
 * An option order as Alpaca writes it. A single contract is a simple order on its OCC symbol (asset class
 * us_option, position intent from the request). An mleg order has no symbol, side or asset id of its own
 * (left out: the spec's schema wants a non-empty symbol and a side from its enum, where Alpaca's own example
 * answer writes ""), a signed limit and filled average (+ debit, − credit), and one OrderLeg per leg.
 */
function optionOrderJson(order: PaperOrder, legs: NonNullable<PaperOrder['legs']>): AlpacaOrderJson {
  const base: Record<string, unknown> = { ...equityOrderJson(order), asset_class: 'us_option' };
  if (order.orderClass !== 'mleg') {
    return { ...base, position_intent: legs[0]?.positionIntent ?? base['position_intent'] } as unknown as AlpacaOrderJson;
  }
  const { symbol: _symbol, side: _side, asset_id: _assetId, position_intent: _intent, ...rest } = base;
  const filled = order.status === 'filled';
  return {
    ...rest,
    order_class: 'mleg',
    legs: legs.map((leg, i) => ({
      ...equityOrderJson(order),
      id: nameUuid(`${order.id}:leg:${i}`),
      client_order_id: nameUuid(`${order.clientOrderId}:leg:${i}`),
      asset_id: nameUuid(`option:${leg.symbol}`),
      symbol: leg.symbol,
      asset_class: 'us_option',
      side: leg.side,
      position_intent: leg.positionIntent,
      ratio_qty: decimalString(leg.ratio),
      qty: decimalString((order.quantity ?? new Decimal(0)).times(leg.ratio)),
      filled_qty: filled ? decimalString((order.quantity ?? new Decimal(0)).times(leg.ratio)) : '0',
      filled_avg_price: filled && leg.filledPrice !== undefined ? decimalString(leg.filledPrice) : null,
      order_class: 'mleg',
      limit_price: null,
      legs: null,
    })),
  } as unknown as AlpacaOrderJson;
}

export function orderJson(order: PaperOrder): AlpacaOrderJson {
  return order.legs === undefined ? equityOrderJson(order) : optionOrderJson(order, order.legs);
}

function equityOrderJson(order: PaperOrder): AlpacaOrderJson {
  const averageFill = order.filledQuantity.isZero() ? null : decimalString(order.filledValue.div(order.filledQuantity));
  const opening = order.openingQuantity.greaterThan(0);
  return {
    id: order.id,
    client_order_id: order.clientOrderId,
    created_at: isoTime(order.createdAt),
    updated_at: isoTime(order.updatedAt),
    submitted_at: isoTime(order.createdAt),
    filled_at: isoOrNull(order.filledAt),
    expired_at: isoOrNull(order.expiredAt),
    canceled_at: isoOrNull(order.canceledAt),
    failed_at: null,
    replaced_at: isoOrNull(order.replacedAt),
    replaced_by: order.replacedBy ?? null,
    replaces: order.replaces ?? null,
    asset_id: order.assetId,
    symbol: order.symbol,
    asset_class: 'us_equity',
    notional: order.notional === undefined ? null : decimalString(order.notional),
    qty: order.quantity === undefined || order.notional !== undefined ? null : decimalString(order.quantity),
    filled_qty: decimalString(order.filledQuantity),
    filled_avg_price: averageFill,
    order_class: 'simple',
    order_type: order.type,
    type: order.type,
    side: order.side,
    position_intent: order.side === 'buy' ? (opening ? 'buy_to_open' : 'buy_to_close') : opening ? 'sell_to_open' : 'sell_to_close',
    time_in_force: order.timeInForce,
    limit_price: order.limitPrice === undefined ? null : decimalString(order.limitPrice),
    stop_price: null,
    status: order.status,
    extended_hours: false,
    legs: null,
    trail_percent: null,
    trail_price: null,
    hwm: null,
  };
}

/** Alpaca's `trade_updates` message body (`data`). */
export function tradeUpdateJson(update: TradeUpdate): Readonly<Record<string, unknown>> {
  return {
    event: update.event,
    timestamp: isoTime(update.at),
    order: orderJson(update.order),
    ...(update.executionId === undefined ? {} : { execution_id: update.executionId }),
    ...(update.price === undefined ? {} : { price: decimalString(update.price) }),
    ...(update.quantity === undefined ? {} : { qty: decimalString(update.quantity) }),
    ...(update.positionQuantity === undefined ? {} : { position_qty: decimalString(update.positionQuantity) }),
  };
}

/** Exchange and name of the replayed symbols (others default to NYSE and the ticker). */
const KNOWN_ASSETS: Readonly<Record<string, { readonly exchange: string; readonly name: string }>> = {
  SPY: { exchange: 'ARCA', name: 'SPDR S&P 500 ETF Trust' },
  IBM: { exchange: 'NYSE', name: 'International Business Machines Corporation' },
  BAC: { exchange: 'NYSE', name: 'Bank of America Corporation' },
  AIG: { exchange: 'NYSE', name: 'American International Group, Inc.' },
};

export function assetExchange(symbol: string): string {
  return KNOWN_ASSETS[symbol]?.exchange ?? 'NYSE';
}

/** An asset as Alpaca's `Assets` schema: every replayed symbol is active, tradable, shortable, easy to borrow and fractionable. */
export function assetJson(symbol: string): Readonly<Record<string, unknown>> {
  return {
    id: nameUuid(symbol),
    class: 'us_equity',
    exchange: assetExchange(symbol),
    symbol,
    name: KNOWN_ASSETS[symbol]?.name ?? symbol,
    status: 'active',
    tradable: true,
    marginable: true,
    shortable: true,
    easy_to_borrow: true,
    fractionable: true,
    maintenance_margin_requirement: 30,
    margin_requirement_long: '30',
    margin_requirement_short: '30',
    attributes: [],
  };
}

/** A position as Alpaca's `Position` schema, marked to the last closed bar. */
export function positionJson(engine: BrokerEngine, position: LedgerPosition): Readonly<Record<string, unknown>> {
  const price = engine.currentPrice(position);
  const qty = position.quantity;
  // Option contracts: prices per share, values × the contract multiplier (as Alpaca's option positions).
  const multiplier = position.multiplier ?? 1;
  const option = position.multiplier !== undefined;
  const marketValue = qty.times(price).times(multiplier);
  const costBasis = qty.times(position.averageEntryPrice).times(multiplier);
  const unrealized = marketValue.minus(costBasis);
  const intraday = qty.times(price.minus(position.lastdayPrice)).times(multiplier);
  const ratio = (numerator: Decimal, denominator: Decimal): string => (denominator.isZero() ? '0' : decimalString(numerator.div(denominator.abs())));
  return {
    asset_id: nameUuid(option ? `option:${position.symbol}` : position.symbol),
    symbol: position.symbol,
    exchange: option ? '' : assetExchange(position.symbol),
    asset_class: option ? 'us_option' : 'us_equity',
    asset_marginable: !option,
    avg_entry_price: decimalString(position.averageEntryPrice),
    qty: decimalString(qty),
    qty_available: decimalString(qty),
    side: qty.isNegative() ? 'short' : 'long',
    market_value: decimalString(marketValue),
    cost_basis: decimalString(costBasis),
    unrealized_pl: decimalString(unrealized),
    unrealized_plpc: ratio(unrealized, costBasis),
    unrealized_intraday_pl: decimalString(intraday),
    unrealized_intraday_plpc: ratio(intraday, qty.times(position.lastdayPrice).times(multiplier)),
    current_price: decimalString(price),
    lastday_price: decimalString(position.lastdayPrice),
    change_today: ratio(price.minus(position.lastdayPrice), position.lastdayPrice),
  };
}

/** The account as Alpaca's `Account` schema. */
export function accountJson(engine: BrokerEngine, identity: { readonly id: string; readonly accountNumber: string; readonly createdAt: number; readonly multiplier: 1 | 2; readonly optionsLevel?: number }): Readonly<Record<string, unknown>> {
  const equity = engine.equity();
  const buyingPower = decimalString(engine.buyingPower());
  const gross = engine.longMarketValue().plus(engine.shortMarketValue().abs());
  const maintenance = gross.times('0.3');
  return {
    id: identity.id,
    account_number: identity.accountNumber,
    status: 'ACTIVE',
    crypto_status: 'INACTIVE',
    currency: 'USD',
    cash: decimalString(engine.cash()),
    buying_power: buyingPower,
    regt_buying_power: buyingPower,
    daytrading_buying_power: '0',
    effective_buying_power: buyingPower,
    non_marginable_buying_power: decimalString(Decimal.max(0, engine.cash())),
    // Option orders reserve their maximum loss against the same buying power.
    options_buying_power: identity.optionsLevel === undefined || identity.optionsLevel === 0 ? '0' : buyingPower,
    equity: decimalString(equity),
    last_equity: decimalString(engine.lastEquity()),
    portfolio_value: decimalString(equity),
    long_market_value: decimalString(engine.longMarketValue()),
    short_market_value: decimalString(engine.shortMarketValue()),
    initial_margin: decimalString(gross.div(identity.multiplier)),
    maintenance_margin: decimalString(maintenance),
    last_maintenance_margin: decimalString(maintenance),
    sma: '0',
    multiplier: String(identity.multiplier),
    shorting_enabled: identity.multiplier > 1,
    pattern_day_trader: false,
    daytrade_count: 0,
    trading_blocked: false,
    transfers_blocked: false,
    account_blocked: false,
    trade_suspended_by_user: false,
    accrued_fees: '0',
    pending_transfer_in: '0',
    pending_transfer_out: '0',
    options_approved_level: identity.optionsLevel ?? 0,
    options_trading_level: identity.optionsLevel ?? 0,
    created_at: isoTime(identity.createdAt),
    balance_asof: new Date(engine.now()).toISOString().slice(0, 10),
  };
}
