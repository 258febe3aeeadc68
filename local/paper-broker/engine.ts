import { Decimal } from 'decimal.js';
import type { TradingCalendar } from '../../layers/core/market';
import { forbidden, notFound, unprocessable } from './broker-errors';
import { barCapacity, executionPrice, type FillModelOptions } from './fill-model';
import { nameUuid } from './ids';
import { Ledger, type LedgerPosition } from './ledger';
import { MINUTE_MS, type MarketBook } from './market-book';
import { snapshot, TERMINAL_STATUSES, type PaperOrder, type PaperTimeInForce, type TradeUpdate } from './orders';
import { isOccSymbol, legOf, maxLossPerShare, netOf, requiredLevel, takerPrice, midPrice, type OptionsDesk, type PaperLeg, type TwoSidedQuote } from './option-orders';

/** What a client may ask for when submitting an order (already parsed from Alpaca's JSON body). */
export interface OrderRequest {
  readonly symbol: string;
  readonly side: string;
  readonly type: string;
  readonly timeInForce: string;
  readonly qty?: string;
  readonly notional?: string;
  readonly limitPrice?: string;
  readonly clientOrderId?: string;
}

/** An option order: a single contract (`symbol` an OCC symbol, `side`) or a multi-leg order (`legs`, no symbol or side). */
export interface OptionOrderRequest {
  readonly symbol?: string;
  readonly side?: string;
  readonly positionIntent?: string;
  readonly legs?: readonly { readonly symbol: string; readonly ratio: string; readonly side?: string; readonly positionIntent?: string }[];
  readonly type: string;
  readonly timeInForce: string;
  readonly qty?: string;
  readonly notional?: string;
  readonly limitPrice?: string;
  readonly clientOrderId?: string;
}

/** What a client may change on a working order (Alpaca's PATCH /v2/orders/{id}). */
export interface ReplaceRequest {
  readonly qty?: string;
  readonly timeInForce?: string;
  readonly limitPrice?: string;
  readonly clientOrderId?: string;
}

export interface EngineOptions {
  readonly startingCash: Decimal;
  /** Buying-power multiplier: 1 = cash account (no shorting), 2 = Reg T margin account (shorting allowed). */
  readonly marginMultiplier: 1 | 2;
  readonly fillModel: FillModelOptions;
  readonly shortable: (symbol: string) => boolean;
  readonly newId: () => string;
  readonly startAt: number;
  /** Exchange calendar: session dates and the close at which day orders expire. */
  readonly calendar: TradingCalendar;
  /** Option contracts and quotes (absent: option orders are refused). */
  readonly optionsDesk?: OptionsDesk;
  /** The account's options trading level (0 none, 1 covered, 2 long, 3 spreads; default 0). */
  readonly optionsLevel?: number;
}

const ZERO = new Decimal(0);
const MAX_CLIENT_ORDER_ID = 128;

function parseDecimal(field: string, value: string | undefined): Decimal | undefined {
  if (value === undefined) return undefined;
  try {
    const parsed = new Decimal(value);
    if (!parsed.isFinite()) throw unprocessable(`invalid ${field}`);
    return parsed;
  } catch {
    throw unprocessable(`invalid ${field}`);
  }
}

function isTimeInForce(value: string): value is PaperTimeInForce {
  return value === 'day' || value === 'gtc' || value === 'ioc' || value === 'fok';
}

/**
 * The paper broker's state machine: orders, fills, the cash-and-positions ledger and the market clock.
 * Time only moves when the replay calls `advanceTo`; the fill simulator runs inside that call.
 */
export class BrokerEngine {
  private clock: number;
  private sequence = 0;
  private readonly ledger: Ledger;
  private readonly orders = new Map<string, PaperOrder>();
  private readonly byClientId = new Map<string, PaperOrder>();
  private readonly listeners = new Set<(update: TradeUpdate) => void>();
  private sessionDate: string;
  private lastEquityValue: Decimal;

  constructor(
    private readonly book: MarketBook,
    private readonly options: EngineOptions,
  ) {
    this.clock = options.startAt;
    this.ledger = new Ledger(options.startingCash);
    this.sessionDate = options.calendar.sessionDate(options.startAt);
    this.lastEquityValue = options.startingCash;
  }

  now(): number {
    return this.clock;
  }

  /** Subscribes to trade updates; returns the unsubscribe function. */
  onTradeUpdate(listener: (update: TradeUpdate) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // ------------------------------------------------------------------ valuation

  /** The mark of a symbol: the close of its last closed bar (any hours); an option's quote mid. */
  mark(symbol: string): Decimal | undefined {
    if (isOccSymbol(symbol)) {
      const quote = this.options.optionsDesk?.quote(symbol, this.clock);
      return quote === undefined ? undefined : midPrice(quote);
    }
    const bar = this.book.lastClosedBar(symbol, this.clock);
    return bar === undefined ? undefined : new Decimal(bar.close);
  }

  private markOrEntry(position: LedgerPosition): Decimal {
    return this.mark(position.symbol) ?? position.averageEntryPrice;
  }

  cash(): Decimal {
    return this.ledger.cash();
  }

  lastEquity(): Decimal {
    return this.lastEquityValue;
  }

  positions(): readonly LedgerPosition[] {
    return this.ledger.openPositions();
  }

  position(symbol: string): LedgerPosition | undefined {
    return this.ledger.position(symbol);
  }

  currentPrice(position: LedgerPosition): Decimal {
    return this.markOrEntry(position);
  }

  /** Signed market value of a position: quantity × mark (× the contract multiplier for an option). */
  marketValue(position: LedgerPosition): Decimal {
    return position.quantity.times(this.markOrEntry(position)).times(position.multiplier ?? 1);
  }

  longMarketValue(): Decimal {
    return this.positions().reduce((sum, p) => (p.quantity.greaterThan(0) ? sum.plus(this.marketValue(p)) : sum), ZERO);
  }

  shortMarketValue(): Decimal {
    return this.positions().reduce((sum, p) => (p.quantity.isNegative() ? sum.plus(this.marketValue(p)) : sum), ZERO);
  }

  /** Cash plus positions marked to the last close (short market value is negative). */
  equity(): Decimal {
    return this.cash().plus(this.longMarketValue()).plus(this.shortMarketValue());
  }

  /** Buying power held by working orders that open or extend exposure. */
  private reservedBuyingPower(): Decimal {
    let reserved = ZERO;
    for (const order of this.orders.values()) {
      if (TERMINAL_STATUSES.has(order.status)) continue;
      const remaining = order.quantity === undefined ? order.openingQuantity : order.quantity.minus(order.filledQuantity);
      reserved = reserved.plus(Decimal.min(remaining, order.openingQuantity).times(order.reservedPricePerShare));
    }
    return reserved;
  }

  /** multiplier × equity − gross position value − reservations, never negative. With multiplier 1 and no shorts this is cash − reservations. */
  buyingPower(): Decimal {
    const gross = this.longMarketValue().plus(this.shortMarketValue().abs());
    return Decimal.max(ZERO, this.equity().times(this.options.marginMultiplier).minus(gross).minus(this.reservedBuyingPower()));
  }

  // ------------------------------------------------------------------ orders

  allOrders(): readonly PaperOrder[] {
    return [...this.orders.values()].sort((a, b) => a.sequence - b.sequence).map(snapshot);
  }

  order(id: string): PaperOrder {
    const order = this.orders.get(id);
    if (order === undefined) throw notFound('order not found');
    return snapshot(order);
  }

  orderByClientId(clientOrderId: string): PaperOrder {
    const order = this.byClientId.get(clientOrderId);
    if (order === undefined) throw notFound('order not found');
    return snapshot(order);
  }

  /** Validates and accepts an order, or throws Alpaca's error (422 invalid, 403 buying power / shares). */
  submit(request: OrderRequest): PaperOrder {
    const symbol = request.symbol.toUpperCase();
    if (!this.book.has(symbol)) throw unprocessable(`asset "${request.symbol}" not found`);
    if (request.side !== 'buy' && request.side !== 'sell') throw unprocessable('invalid side');
    if (request.type !== 'market' && request.type !== 'limit') throw unprocessable(`order type "${request.type}" is not supported by the paper broker`);
    if (!isTimeInForce(request.timeInForce)) throw unprocessable(`time_in_force "${request.timeInForce}" is not supported`);
    const clientOrderId = request.clientOrderId ?? this.options.newId();
    if (clientOrderId.length > MAX_CLIENT_ORDER_ID) throw unprocessable('client_order_id must be no more than 128 characters');
    if (this.byClientId.has(clientOrderId)) throw unprocessable('client_order_id must be unique');
    const qty = parseDecimal('qty', request.qty);
    const notional = parseDecimal('notional', request.notional);
    if ((qty === undefined) === (notional === undefined)) throw unprocessable('qty or notional is required, but not both');
    if (qty !== undefined && !qty.greaterThan(0)) throw unprocessable('qty must be > 0');
    if (notional !== undefined && !notional.greaterThan(0)) throw unprocessable('notional must be > 0');
    if (qty !== undefined && !qty.isInteger() && request.timeInForce !== 'day') throw unprocessable('fractional orders must be DAY orders');
    if (notional !== undefined && (request.type !== 'market' || request.timeInForce !== 'day')) throw unprocessable('notional orders must be DAY market orders');
    const limitPrice = parseDecimal('limit_price', request.limitPrice);
    if (request.type === 'limit' && (limitPrice === undefined || !limitPrice.greaterThan(0))) throw unprocessable('limit_price is required for limit orders');
    if (request.type === 'market' && limitPrice !== undefined) throw unprocessable('limit_price must not be given for market orders');

    const side = request.side;
    const reference = limitPrice ?? this.mark(symbol);
    const { openingQuantity } = this.checkCapacity(symbol, side, qty, notional, reference);
    const order: PaperOrder = {
      clientOrderId,
      symbol,
      assetId: nameUuid(symbol),
      side,
      type: request.type,
      quantity: qty,
      notional,
      limitPrice,
      replaces: undefined,
      ...this.newWorkingOrder(request.timeInForce, openingQuantity, reference),
    };
    const now = order.createdAt;
    this.store(order);
    this.publish({ event: 'new', order: snapshot(order), at: now });
    return snapshot(order);
  }

  /**
   * Validates and accepts an option order (single contract or mleg; see ./option-orders for the rules), or
   * throws Alpaca's error: 422 invalid, 403 options level, uncovered short call or buying power.
   */
  submitOption(request: OptionOrderRequest): PaperOrder {
    const desk = this.options.optionsDesk;
    if (desk === undefined) throw unprocessable('options trading is not available on this account');
    const multiLeg = request.legs !== undefined;
    if (request.type !== 'market' && request.type !== 'limit') throw unprocessable(`order type "${request.type}" is not supported for options by the paper broker`);
    if (request.timeInForce !== 'day') throw unprocessable('options orders must be DAY orders');
    if (request.notional !== undefined) throw unprocessable('notional is not supported for options orders');
    const qty = parseDecimal('qty', request.qty);
    if (qty === undefined || !qty.greaterThan(0) || !qty.isInteger()) throw unprocessable('qty must be a whole number of contracts > 0');
    const clientOrderId = request.clientOrderId ?? this.options.newId();
    if (clientOrderId.length > MAX_CLIENT_ORDER_ID) throw unprocessable('client_order_id must be no more than 128 characters');
    if (this.byClientId.has(clientOrderId)) throw unprocessable('client_order_id must be unique');
    let legs: PaperLeg[];
    if (multiLeg) {
      if (request.symbol !== undefined || request.side !== undefined) throw unprocessable('symbol and side must not be given for an mleg order');
      const raw = request.legs ?? [];
      if (raw.length < 2 || raw.length > 4) throw unprocessable('an mleg order has 2 to 4 legs');
      legs = raw.map((leg) => legOf(desk, leg));
      if (new Set(legs.map((l) => l.symbol)).size !== legs.length) throw unprocessable('each leg must trade a different contract');
    } else {
      legs = [legOf(desk, { symbol: request.symbol ?? '', ratio: '1', side: request.side, positionIntent: request.positionIntent })];
    }
    const limitPrice = parseDecimal('limit_price', request.limitPrice);
    if (request.type === 'limit' && limitPrice === undefined) throw unprocessable('limit_price is required for limit orders');
    if (request.type === 'market' && limitPrice !== undefined) throw unprocessable('limit_price must not be given for market orders');
    if (!multiLeg && limitPrice !== undefined && !limitPrice.greaterThan(0)) throw unprocessable('limit_price must be > 0');

    const required = requiredLevel(legs, multiLeg);
    const level = this.options.optionsLevel ?? 0;
    if (required > level) throw forbidden(`account options trading level ${level} does not permit this order (needs ${required})`);

    // The net premium per share of one unit (+ debit, − credit): the limit, else what the order would pay now.
    const first = legs[0] as PaperLeg;
    const netLimit = limitPrice === undefined ? undefined : multiLeg ? limitPrice : first.side === 'buy' ? limitPrice : limitPrice.negated();
    let net = netLimit;
    if (net === undefined) {
      const quotes = legs.map((leg) => desk.quote(leg.symbol, this.clock));
      if (quotes.some((q) => q === undefined)) throw unprocessable(`no quote for ${legs.filter((_, i) => quotes[i] === undefined).map((l) => l.symbol).join(', ')}: market order cannot be priced`);
      net = netOf(legs, (leg) => takerPrice(leg, quotes[legs.indexOf(leg)] as TwoSidedQuote));
    }
    const closing = !multiLeg && first.side === 'sell' && (this.ledger.position(first.symbol)?.quantity ?? ZERO).greaterThanOrEqualTo(qty);
    const coveredCall = !multiLeg && first.side === 'sell' && first.contract.right === 'call' && (this.ledger.position(first.contract.underlying)?.quantity ?? ZERO).greaterThanOrEqualTo(qty.times(first.contract.multiplier));
    let lossPerShare = closing || coveredCall ? ZERO : maxLossPerShare(legs, net);
    if (lossPerShare === undefined) throw forbidden('account not eligible to trade uncovered option contracts');
    if (closing || coveredCall) lossPerShare = ZERO;
    const perUnit = lossPerShare.times(first.contract.multiplier);
    if (qty.times(perUnit).greaterThan(this.buyingPower())) throw forbidden('insufficient options buying power');

    const order: PaperOrder = {
      clientOrderId,
      symbol: multiLeg ? '' : first.symbol,
      assetId: multiLeg ? '' : nameUuid(`option:${first.symbol}`),
      side: multiLeg ? (net.isNegative() ? 'sell' : 'buy') : first.side,
      type: request.type,
      quantity: qty,
      notional: undefined,
      limitPrice,
      replaces: undefined,
      legs,
      ...(multiLeg ? { orderClass: 'mleg' as const } : {}),
      ...this.newWorkingOrder('day', qty, perUnit),
    };
    this.store(order);
    this.publish({ event: 'new', order: snapshot(order), at: order.createdAt });
    return snapshot(order);
  }

  /**
   * Buying-power and share checks. The quantity that opens or extends exposure needs buying power at the
   * reference price (limit price, else last close); in a cash account a sell may not exceed the shares held
   * minus shares already promised to working sells.
   */
  private checkCapacity(
    symbol: string,
    side: 'buy' | 'sell',
    qty: Decimal | undefined,
    notional: Decimal | undefined,
    reference: Decimal | undefined,
    ignoreOrderId?: string,
  ): { readonly openingQuantity: Decimal } {
    const held = this.ledger.position(symbol)?.quantity ?? ZERO;
    const pending = [...this.orders.values()]
      .filter((o) => o.symbol === symbol && o.side === side && o.id !== ignoreOrderId && !TERMINAL_STATUSES.has(o.status))
      .reduce((sum, o) => sum.plus((o.quantity ?? ZERO).minus(o.filledQuantity)), ZERO);
    const requested = qty ?? (notional !== undefined && reference !== undefined ? notional.div(reference) : ZERO);
    // Shares of this order that reduce an existing opposite position (not yet promised to other orders).
    const reducible = Decimal.max(ZERO, (side === 'sell' ? held : held.negated()).minus(pending));
    const opening = Decimal.max(ZERO, requested.minus(reducible));
    if (side === 'sell' && opening.greaterThan(0)) {
      if (this.options.marginMultiplier === 1) {
        throw forbidden(`insufficient qty available for order (requested: ${requested.toFixed()}, available: ${reducible.toFixed()})`);
      }
      if (!this.options.shortable(symbol)) throw forbidden(`asset ${symbol} cannot be sold short`);
      if (!opening.isInteger()) throw forbidden('fractional orders cannot be sold short');
    }
    const required = notional !== undefined && side === 'buy' && reducible.isZero() ? notional : reference === undefined ? ZERO : opening.times(reference);
    if (required.greaterThan(this.buyingPower())) throw forbidden('insufficient buying power');
    return { openingQuantity: opening };
  }

  private store(order: PaperOrder): void {
    this.orders.set(order.id, order);
    this.byClientId.set(order.clientOrderId, order);
  }

  private publish(update: TradeUpdate): void {
    for (const listener of this.listeners) listener(update);
  }

  /** Cancels a working order (Alpaca answers 204); a final order cannot be canceled (422). */
  cancel(id: string): PaperOrder {
    const order = this.orders.get(id);
    if (order === undefined) throw notFound('order not found');
    if (TERMINAL_STATUSES.has(order.status)) throw unprocessable(`order is not cancelable (status: ${order.status})`);
    this.finish(order, 'canceled', this.clock);
    return snapshot(order);
  }

  /** Cancels every working order; returns the canceled ones. */
  cancelAll(): readonly PaperOrder[] {
    return this.allOrders()
      .filter((o) => !TERMINAL_STATUSES.has(o.status))
      .map((o) => this.cancel(o.id));
  }

  /**
   * The fields every newly accepted order (submitted or replacing another) starts with: a fresh id and
   * sequence, nothing filled, accepted now, eligible after the latency, a day order expiring at the close.
   */
  private newWorkingOrder(timeInForce: PaperTimeInForce, openingQuantity: Decimal, reference: Decimal | undefined) {
    const now = this.clock;
    return {
      id: this.options.newId(),
      sequence: ++this.sequence,
      timeInForce,
      status: 'new',
      filledQuantity: ZERO,
      filledValue: ZERO,
      createdAt: now,
      updatedAt: now,
      filledAt: undefined,
      canceledAt: undefined,
      expiredAt: undefined,
      replacedAt: undefined,
      replacedBy: undefined,
      eligibleAt: now + this.options.fillModel.latencyMs,
      expiresAt: timeInForce === 'day' ? this.options.calendar.currentOrNextSession(now).close : undefined,
      openingQuantity,
      reservedPricePerShare: reference ?? ZERO,
      sawEligibleBar: false,
    } satisfies Partial<PaperOrder>;
  }

  private finish(order: PaperOrder, status: 'canceled' | 'expired', at: number): void {
    order.status = status;
    order.updatedAt = at;
    if (status === 'canceled') order.canceledAt = at;
    else order.expiredAt = at;
    this.publish({ event: status, order: snapshot(order), at });
  }

  /**
   * Replaces a working order with a new one (Alpaca's PATCH): the old order becomes `replaced`, the new one
   * (`replaces` = old id) carries the changed fields; shares the old order already filled stay with it, so the
   * new order's quantity is the requested total minus those shares.
   */
  replace(id: string, request: ReplaceRequest): PaperOrder {
    const old = this.orders.get(id);
    if (old === undefined) throw notFound('order not found');
    if (TERMINAL_STATUSES.has(old.status)) throw unprocessable(`order is not replaceable (status: ${old.status})`);
    if (old.legs !== undefined) throw unprocessable('option orders cannot be replaced by the paper broker: cancel and submit a new one');
    if (old.quantity === undefined) throw unprocessable('notional orders cannot be replaced');
    const total = parseDecimal('qty', request.qty) ?? old.quantity;
    const qty = total.minus(old.filledQuantity);
    if (!qty.greaterThan(0)) throw unprocessable("qty must be greater than the filled quantity");
    const limitPrice = parseDecimal('limit_price', request.limitPrice) ?? old.limitPrice;
    if (old.type === 'market' && request.limitPrice !== undefined) throw unprocessable('limit_price cannot be set on a market order');
    const timeInForce = request.timeInForce ?? old.timeInForce;
    if (!isTimeInForce(timeInForce)) throw unprocessable(`time_in_force "${timeInForce}" is not supported`);
    const clientOrderId = request.clientOrderId ?? this.options.newId();
    if (this.byClientId.has(clientOrderId)) throw unprocessable('client_order_id must be unique');
    const reference = limitPrice ?? this.mark(old.symbol);
    const { openingQuantity } = this.checkCapacity(old.symbol, old.side, qty, undefined, reference, old.id);
    const next: PaperOrder = {
      ...old,
      clientOrderId,
      quantity: qty,
      limitPrice,
      replaces: old.id,
      ...this.newWorkingOrder(timeInForce, openingQuantity, reference),
    };
    const now = next.createdAt;
    old.status = 'replaced';
    old.replacedAt = now;
    old.replacedBy = next.id;
    old.updatedAt = now;
    this.store(next);
    this.publish({ event: 'replaced', order: snapshot(old), at: now });
    this.publish({ event: 'new', order: snapshot(next), at: now });
    return snapshot(next);
  }

  // ------------------------------------------------------------------ the market clock and the fill simulator

  /**
   * Moves the broker clock to `ts` (never back: an earlier `ts` is ignored) and lets working orders trade on
   * every regular-hours bar that closed in (previous now, ts], minute by minute; day orders expire at the
   * session close. Fills are stamped with the close time of the bar they traded on (when they became known).
   */
  advanceTo(ts: number): void {
    if (ts <= this.clock) return;
    const minutes = this.book.regularSessionMinutes(this.clock - MINUTE_MS + 1, ts - MINUTE_MS + 1);
    for (const start of minutes) {
      this.expireDayOrders(start);
      this.rollSessionIfNewDay(start);
      this.matchMinute(start);
    }
    this.expireDayOrders(ts);
    this.clock = ts;
  }

  private rollSessionIfNewDay(start: number): void {
    const date = this.options.calendar.sessionDate(start);
    if (date === this.sessionDate) return;
    this.sessionDate = date;
    // Marks here are the previous session's last closes: the clock has not yet passed this minute's bar.
    const previous = this.clock;
    this.clock = Math.max(this.clock, start);
    this.lastEquityValue = this.equity();
    this.ledger.rollDay((symbol) => this.mark(symbol));
    this.clock = previous;
  }

  private expireDayOrders(at: number): void {
    for (const order of [...this.orders.values()].sort((a, b) => a.sequence - b.sequence)) {
      if (!TERMINAL_STATUSES.has(order.status) && order.expiresAt !== undefined && order.expiresAt <= at) {
        this.finish(order, 'expired', order.expiresAt);
      }
    }
  }

  private matchMinute(start: number): void {
    const reportedAt = start + MINUTE_MS;
    const used = new Map<string, Decimal>();
    const working = [...this.orders.values()]
      .filter((o) => !TERMINAL_STATUSES.has(o.status) && o.eligibleAt <= start)
      .sort((a, b) => a.sequence - b.sequence);
    for (const order of working) {
      if (order.legs !== undefined) {
        this.matchOptionOrder(order, order.legs, start);
        continue;
      }
      const bar = this.book.barAt(order.symbol, start);
      if (bar === undefined) continue;
      const firstChance = !order.sawEligibleBar;
      order.sawEligibleBar = true;
      const model = this.options.fillModel;
      const price = executionPrice(order, bar, this.book.quoteAt(order.symbol, start), model);
      if (price !== undefined && order.quantity === undefined && order.notional !== undefined) {
        // A notional order's share count is fixed by its first execution price (fractional, 9 decimals).
        order.quantity = order.notional.div(price).toDecimalPlaces(9, Decimal.ROUND_DOWN);
      }
      const remaining = (order.quantity ?? ZERO).minus(order.filledQuantity);
      const capacity = Decimal.max(ZERO, barCapacity(bar, model).minus(used.get(order.symbol) ?? ZERO));
      let fillQuantity = price === undefined ? ZERO : Decimal.min(remaining, capacity);
      if (order.timeInForce === 'fok' && fillQuantity.lessThan(remaining)) fillQuantity = ZERO;
      if (price !== undefined && fillQuantity.greaterThan(0)) {
        used.set(order.symbol, (used.get(order.symbol) ?? ZERO).plus(fillQuantity));
        this.fill(order, fillQuantity, price, reportedAt);
      }
      if (firstChance && (order.timeInForce === 'ioc' || order.timeInForce === 'fok') && !TERMINAL_STATUSES.has(order.status)) {
        this.finish(order, 'canceled', reportedAt);
      }
    }
  }

  /**
   * All-or-none on the quotes known at this minute's close. Marketable on the first eligible minute (or a
   * market order): every leg at its taker price (ask to buy, bid to sell). A limit that was not marketable
   * then rests and fills at its own net limit on a later minute whose taker net reaches it (the improvement
   * over the taker net goes to the first bought leg, else the first leg).
   */
  private matchOptionOrder(order: PaperOrder, legs: readonly PaperLeg[], start: number): void {
    const desk = this.options.optionsDesk;
    const firstChance = !order.sawEligibleBar;
    order.sawEligibleBar = true;
    if (desk === undefined || order.quantity === undefined) return;
    const asOf = start + MINUTE_MS;
    const quotes = legs.map((leg) => desk.quote(leg.symbol, asOf));
    if (quotes.some((q) => q === undefined)) return;
    const prices = legs.map((leg, i) => takerPrice(leg, quotes[i] as TwoSidedQuote));
    const taker = netOf(legs, (leg) => prices[legs.indexOf(leg)] as Decimal);
    const netLimit = order.limitPrice === undefined ? undefined : order.orderClass === 'mleg' || order.side === 'buy' ? order.limitPrice : order.limitPrice.negated();
    if (netLimit !== undefined) {
      if (taker.greaterThan(netLimit)) return;
      if (!firstChance) {
        const j = Math.max(0, legs.findIndex((leg) => leg.side === 'buy'));
        const leg = legs[j] as PaperLeg;
        const shift = netLimit.minus(taker).div(leg.ratio);
        prices[j] = (prices[j] as Decimal).plus(leg.side === 'buy' ? shift : shift.negated());
      }
    }
    const at = asOf;
    let positionQuantity: Decimal | undefined;
    legs.forEach((leg, i) => {
      const price = prices[i] as Decimal;
      leg.filledPrice = price;
      const booked = this.ledger.book(leg.symbol, leg.side, (order.quantity as Decimal).times(leg.ratio), price, leg.contract.multiplier);
      if (legs.length === 1) positionQuantity = booked.positionQuantity;
    });
    const net = netOf(legs, (leg) => prices[legs.indexOf(leg)] as Decimal);
    // A single option's fill price is its premium (positive); an mleg's is the signed net.
    const price = order.orderClass === 'mleg' ? net : net.abs();
    order.filledQuantity = order.quantity;
    order.filledValue = order.quantity.times(price);
    order.updatedAt = at;
    order.status = 'filled';
    order.filledAt = at;
    this.publish({
      event: 'fill',
      order: snapshot(order),
      at,
      price,
      quantity: order.quantity,
      ...(positionQuantity === undefined ? {} : { positionQuantity }),
      executionId: this.options.newId(),
    });
  }

  private fill(order: PaperOrder, quantity: Decimal, price: Decimal, at: number): void {
    const booked = this.ledger.book(order.symbol, order.side, quantity, price);
    order.filledQuantity = order.filledQuantity.plus(quantity);
    order.filledValue = order.filledValue.plus(quantity.times(price));
    order.updatedAt = at;
    const complete = order.filledQuantity.greaterThanOrEqualTo(order.quantity ?? ZERO);
    order.status = complete ? 'filled' : 'partially_filled';
    if (complete) order.filledAt = at;
    this.publish({
      event: complete ? 'fill' : 'partial_fill',
      order: snapshot(order),
      at,
      price,
      quantity,
      positionQuantity: booked.positionQuantity,
      executionId: this.options.newId(),
    });
  }
}
