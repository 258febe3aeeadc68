import type { BrokerOrderStatus } from '../../contracts';
import { nyseCalendar, type TradingCalendar } from '../../core/market';
import * as money from '../../core/money';
import {
  type Broker,
  type BrokerAccount,
  type BrokerOrder,
  type BrokerPosition,
  type Clock,
  ExternalServiceError,
  type MarketClock,
  type MarketData,
  type MinuteBar,
  type SubmitOrderRequest,
  type SubmitOrderResult,
} from '../../core/ports';

/** How the fake broker answers a submission. */
export type FakeFillMode = 'accept' | 'fill';

/** A one-shot scripted behaviour for the next submission. */
type SubmitScript =
  | { readonly kind: 'reject'; readonly reason: string; readonly httpStatus: number }
  /** Throws a retryable transport error; with `afterAccept` the broker has created the order first (the response was lost). */
  | { readonly kind: 'fail'; readonly afterAccept: boolean };

/**
 * A scripted broker with Alpaca's semantics where they matter for exactly-once: client order ids
 * are unique (a second submission returns 'duplicate' with the existing order), rejections are
 * values, transport failures throw ExternalServiceError. Counts every order it creates.
 */
export class FakeBroker implements Broker {
  private readonly orders = new Map<string, BrokerOrder>();
  private readonly held = new Map<string, BrokerPosition>();
  private readonly scripts: SubmitScript[] = [];
  private nextId = 1;
  /** Submissions received (including duplicates and rejections). */
  submitCalls = 0;
  fillMode: FakeFillMode = 'accept';
  /** Price used for fills and position values, per symbol. */
  readonly prices = new Map<string, number>();
  accountState: BrokerAccount = {
    accountNumber: 'PA-FAKE',
    status: 'ACTIVE',
    cash: '100000',
    buyingPower: '200000',
    equity: '100000',
    lastEquity: '100000',
    tradingBlocked: false,
    patternDayTrader: false,
  };

  constructor(
    private readonly clockSource: Clock,
    private readonly calendar: TradingCalendar = nyseCalendar(),
  ) {}

  /** Orders the broker holds (each one is a real order: the count the exactly-once tests assert). */
  get createdOrders(): readonly BrokerOrder[] {
    return [...this.orders.values()];
  }

  rejectNext(reason: string, httpStatus = 403): void {
    this.scripts.push({ kind: 'reject', reason, httpStatus });
  }
  failNextSubmit(afterAccept: boolean): void {
    this.scripts.push({ kind: 'fail', afterAccept });
  }
  setPosition(symbol: string, quantity: string, averageEntryPrice: string): void {
    if (money.isZero(quantity)) this.held.delete(symbol);
    else this.held.set(symbol, this.valued({ symbol, quantity, averageEntryPrice, marketValue: '0', currentPrice: averageEntryPrice, unrealizedPl: '0' }));
  }

  /** Moves an order along at the broker (a fill, a cancel) as a later trade update would. */
  async updateOrder(clientOrderId: string, status: BrokerOrderStatus, filledQuantity?: string, price?: number): Promise<BrokerOrder> {
    const order = this.orders.get(clientOrderId);
    if (order === undefined) throw new Error(`no broker order ${clientOrderId}`);
    const now = await this.clockSource.now();
    const filled = filledQuantity ?? order.filledQuantity;
    const fillPrice = price ?? this.prices.get(order.symbol);
    const newlyFilled = money.sub(filled, order.filledQuantity);
    if (money.isPositive(newlyFilled) && fillPrice !== undefined) this.book(order, newlyFilled, fillPrice);
    const updated: BrokerOrder = {
      ...order,
      status,
      filledQuantity: filled,
      ...(fillPrice === undefined || money.isZero(filled) ? {} : { filledAveragePrice: money.fromNumber(fillPrice, 4) }),
      updatedAt: now,
    };
    this.orders.set(clientOrderId, updated);
    return updated;
  }

  async account(): Promise<BrokerAccount> {
    return { ...this.accountState };
  }

  async positions(): Promise<readonly BrokerPosition[]> {
    return [...this.held.values()].map((p) => this.valued(p));
  }

  async submitOrder(request: SubmitOrderRequest): Promise<SubmitOrderResult> {
    this.submitCalls += 1;
    const script = this.scripts.shift();
    const existing = this.orders.get(request.clientOrderId);
    if (existing !== undefined) return { kind: 'duplicate', order: existing };
    if (script?.kind === 'reject') return { kind: 'rejected', reason: script.reason, httpStatus: script.httpStatus };
    if (script?.kind === 'fail' && !script.afterAccept) {
      throw new ExternalServiceError('connection reset before the broker answered', true, 'fake-broker');
    }
    const now = await this.clockSource.now();
    const order: BrokerOrder = {
      brokerOrderId: `fake-${this.nextId++}`,
      clientOrderId: request.clientOrderId,
      symbol: request.symbol,
      side: request.side,
      orderType: request.orderType,
      timeInForce: request.timeInForce,
      quantity: request.quantity,
      ...(request.limitPrice === undefined ? {} : { limitPrice: request.limitPrice }),
      status: 'accepted',
      filledQuantity: '0',
      submittedAt: now,
      updatedAt: now,
    };
    this.orders.set(request.clientOrderId, order);
    if (this.fillMode === 'fill') await this.updateOrder(request.clientOrderId, 'filled', request.quantity);
    if (script?.kind === 'fail') throw new ExternalServiceError('response lost after the broker accepted', true, 'fake-broker');
    const stored = this.orders.get(request.clientOrderId) ?? order;
    return { kind: 'accepted', order: stored };
  }

  async orderByClientId(clientOrderId: string): Promise<BrokerOrder | undefined> {
    return this.orders.get(clientOrderId);
  }

  /** Cancels a working order by broker id; a final or unknown order is not cancelable (Alpaca answers 422/404). */
  async cancelOrder(brokerOrderId: string): Promise<'canceled' | 'not-cancelable'> {
    const order = [...this.orders.values()].find((o) => o.brokerOrderId === brokerOrderId);
    if (order === undefined || ['filled', 'canceled', 'expired', 'rejected', 'replaced', 'done_for_day'].includes(order.status)) return 'not-cancelable';
    await this.updateOrder(order.clientOrderId, 'canceled');
    return 'canceled';
  }

  async ordersSince(since: number): Promise<readonly BrokerOrder[]> {
    return [...this.orders.values()].filter((o) => o.updatedAt >= since).sort((a, b) => a.updatedAt - b.updatedAt);
  }

  async clock(): Promise<MarketClock> {
    const now = await this.clockSource.now();
    return {
      timestamp: now,
      isOpen: this.calendar.isRegularHours(now),
      nextOpen: this.calendar.nextSession(now).open,
      nextClose: this.calendar.isRegularHours(now)
        ? (this.calendar.session(this.calendar.sessionDate(now))?.close ?? this.calendar.nextSession(now).close)
        : this.calendar.nextSession(now).close,
    };
  }

  /** Books a fill into positions and cash (average price kept simple: weighted on increases). */
  private book(order: BrokerOrder, quantity: string, price: number): void {
    const px = money.fromNumber(price, 4);
    const signed = order.side === 'buy' ? quantity : money.neg(quantity);
    const before = this.held.get(order.symbol);
    const beforeQty = before?.quantity ?? '0';
    const afterQty = money.add(beforeQty, signed);
    const avg =
      before === undefined || money.isZero(beforeQty)
        ? px
        : money.compare(money.abs(afterQty), money.abs(beforeQty)) > 0
          ? money.round(money.div(money.add(money.mul(beforeQty, before.averageEntryPrice), money.mul(signed, px)), afterQty), 4)
          : before.averageEntryPrice;
    this.setPosition(order.symbol, afterQty, avg);
    const cashDelta = money.neg(money.mul(signed, px));
    this.accountState = {
      ...this.accountState,
      cash: money.add(this.accountState.cash, cashDelta),
      buyingPower: money.add(this.accountState.buyingPower, cashDelta),
    };
  }

  private valued(p: BrokerPosition): BrokerPosition {
    const price = this.prices.get(p.symbol);
    const current = price === undefined ? p.averageEntryPrice : money.fromNumber(price, 4);
    const marketValue = money.mul(p.quantity, current);
    return { ...p, currentPrice: current, marketValue, unrealizedPl: money.sub(marketValue, money.mul(p.quantity, p.averageEntryPrice)) };
  }
}

/** Scripted market data: tests set bars and latest trades. */
export class FakeMarketData implements MarketData {
  readonly bars = new Map<string, MinuteBar[]>();
  readonly trades = new Map<string, { readonly price: number; readonly at: number }>();

  setLatestTrade(symbol: string, price: number, at: number): void {
    this.trades.set(symbol, { price, at });
  }
  addBars(bars: readonly MinuteBar[]): void {
    for (const bar of bars) {
      const list = this.bars.get(bar.symbol) ?? [];
      list.push(bar);
      list.sort((a, b) => a.start - b.start);
      this.bars.set(bar.symbol, list);
    }
  }
  async minuteBars(symbols: readonly string[], from: number, to: number): Promise<ReadonlyMap<string, readonly MinuteBar[]>> {
    return new Map(symbols.map((s) => [s, (this.bars.get(s) ?? []).filter((b) => b.start >= from && b.start < to)]));
  }
  async latestTrades(symbols: readonly string[]): Promise<ReadonlyMap<string, { readonly price: number; readonly at: number }>> {
    const out = new Map<string, { readonly price: number; readonly at: number }>();
    for (const s of symbols) {
      const t = this.trades.get(s);
      if (t !== undefined) out.set(s, t);
    }
    return out;
  }
}
