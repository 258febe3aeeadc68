import Decimal from 'decimal.js';
import type { SignalDirection } from '../../contracts';
import { computeMetrics, mulberry32, type ClosedTrade } from '../analytics';
import { nyseCalendar } from '../market';
import * as money from '../money';
import { bookFill, type ExactPosition } from './ledger';
import { executeAtClose, executeOnBar, feeFor, slippageCapacity, slippedPrice, type BarExecution, type ExactBar } from './rules';
import type {
  BacktestBar,
  BacktestConfig,
  BacktestDecision,
  BacktestFill,
  BacktestOrder,
  BacktestPosition,
  BacktestResult,
  BacktestStrategy,
  BacktestTrade,
  OrderRequest,
  OrderStatus,
  StrategyContext,
  TargetFunction,
  TimeInForce,
} from './types';

type Dec = ReturnType<typeof money.dec>;

/** An order while the run works it (mutable inside the engine only). */
interface WorkingOrder {
  readonly id: string;
  readonly request: OrderRequest;
  readonly quantity: Dec;
  readonly limitPrice: Dec | undefined;
  readonly stopPrice: Dec | undefined;
  readonly timeInForce: TimeInForce;
  readonly submittedAt: number;
  status: OrderStatus;
  filled: Dec;
  notional: Dec;
  fillCount: number;
  triggered: boolean;
  session: string | undefined;
  closedAt: number | undefined;
  reason: string | undefined;
}

/** The open part of a position for trade bookkeeping: when it was opened and the entry fees not yet allocated. */
interface OpenLot {
  readonly entryTime: number;
  fees: Dec;
}

const TARGET_TAG = 'target';
const ZERO = money.dec('0');
const str = (d: Dec): string => money.toDecimalString(d);

const isTargetFunction = (s: BacktestStrategy): s is TargetFunction => typeof s === 'function';

/**
 * Runs an event-driven backtest over bars of one or many symbols sharing one cash balance.
 *
 * Event order at each distinct bar timestamp (symbols in sorted order):
 * 1. each symbol's working orders, oldest first, meet the bar (rules in ./rules: market at the open,
 *    limit/stop/stop-limit by the documented intrabar rules; day orders expire when the session changes);
 * 2. positions are marked at the bar's close;
 * 3. the strategy sees the closed bar and may place orders (`next-open`: they work from the symbol's next
 *    bar; `close`: market orders fill now at the close, others are tried at the close and then rest);
 * 4. one equity point = cash + Σ position × last close.
 * Cash, positions, average prices, P&L and fees are exact decimals; the equity curve is float for analytics.
 * A fill that would take short a long-only account, or push gross exposure above 1× (cash) or 2× (Reg T)
 * equity, rejects the order (a value in the result, never a throw).
 * Deterministic: no clock, no global randomness; `seed` drives only the generator given to function strategies.
 */
export function runBacktest(config: BacktestConfig): BacktestResult {
  const places = config.pricePlaces ?? 4;
  const leverage = money.dec(config.margin === 'reg-t' ? '2' : '1');
  const allowShort = config.allowShort ?? false;
  const sessionOf = config.sessionOf ?? ((): ((t: number) => string) => {
    const calendar = nyseCalendar();
    return (t: number) => calendar.sessionDate(t);
  })();
  const random = mulberry32(config.seed);
  const symbols = [...config.bars.keys()].sort();
  for (const symbol of symbols) {
    const bars = config.bars.get(symbol) ?? [];
    for (let i = 1; i < bars.length; i += 1) {
      const prev = bars[i - 1];
      const cur = bars[i];
      if (prev !== undefined && cur !== undefined && !(cur.start > prev.start)) throw new RangeError(`${symbol}: bars not strictly ascending at index ${i}`);
    }
  }

  let cash = money.dec(config.cash);
  let realized = ZERO;
  let totalFees = ZERO;
  const positions = new Map<string, ExactPosition>();
  const lots = new Map<string, OpenLot>();
  const marks = new Map<string, Dec>();
  const orders: WorkingOrder[] = [];
  const working = new Map<string, WorkingOrder[]>();
  const fills: BacktestFill[] = [];
  const trades: BacktestTrade[] = [];
  const streamingState = new Map<string, unknown>();
  let capacityLeft: Dec | undefined;

  const exact = (x: number): Dec => money.dec(money.fromNumber(x, places));
  const exactBar = (b: BacktestBar): ExactBar => ({ open: exact(b.open), high: exact(b.high), low: exact(b.low), close: exact(b.close), volume: money.dec(money.fromNumber(b.volume, 0)) });

  const equityNow = (): Dec => {
    let e = cash;
    for (const [symbol, p] of positions) e = e.plus(p.quantity.times(marks.get(symbol) ?? p.averagePrice));
    return e;
  };
  const close = (o: WorkingOrder, status: OrderStatus, t: number, reason?: string): void => {
    o.status = status;
    o.closedAt = t;
    o.reason = reason;
    const list = working.get(o.request.symbol);
    if (list !== undefined) working.set(o.request.symbol, list.filter((w) => w !== o));
  };

  const submit = (request: OrderRequest, t: number): WorkingOrder => {
    const parse = (s: string | undefined): Dec | undefined => {
      if (s === undefined) return undefined;
      try {
        return money.dec(s);
      } catch {
        return undefined;
      }
    };
    const quantity = parse(request.quantity) ?? ZERO;
    const order: WorkingOrder = {
      id: `o-${orders.length + 1}`,
      request,
      quantity,
      limitPrice: parse(request.limitPrice),
      stopPrice: parse(request.stopPrice),
      timeInForce: request.timeInForce ?? 'day',
      submittedAt: t,
      status: 'working',
      filled: ZERO,
      notional: ZERO,
      fillCount: 0,
      triggered: false,
      session: undefined,
      closedAt: undefined,
      reason: undefined,
    };
    orders.push(order);
    let invalid: string | undefined;
    if (!config.bars.has(request.symbol)) invalid = `unknown symbol ${request.symbol}`;
    else if (!quantity.gt(0)) invalid = `quantity must be positive, got ${request.quantity}`;
    else if ((request.type === 'limit' || request.type === 'stop-limit') && !(order.limitPrice?.gt(0) ?? false)) invalid = `${request.type} order needs a positive limitPrice`;
    else if ((request.type === 'stop' || request.type === 'stop-limit') && !(order.stopPrice?.gt(0) ?? false)) invalid = `${request.type} order needs a positive stopPrice`;
    if (invalid !== undefined) {
      order.status = 'rejected';
      order.closedAt = t;
      order.reason = invalid;
      return order;
    }
    working.set(request.symbol, [...(working.get(request.symbol) ?? []), order]);
    return order;
  };

  /** Books one fill after the account checks; a failed check rejects the order instead. */
  const fill = (o: WorkingOrder, exec: BarExecution & { kind: 'fill' }, bar: ExactBar, t: number, at: BacktestFill['at']): void => {
    const symbol = o.request.symbol;
    const side = o.request.side;
    let quantity = o.quantity.minus(o.filled);
    if (capacityLeft !== undefined && quantity.gt(capacityLeft)) quantity = capacityLeft;
    if (!quantity.gt(0)) return;
    const limit = o.request.type === 'limit' || o.request.type === 'stop-limit' ? o.limitPrice : undefined;
    const price = exec.taker ? slippedPrice(config.slippage, side, exec.price, quantity, bar.volume, places, limit) : exec.price;
    const fee = feeFor(config.fees, side, quantity, price, o.fillCount === 0);
    const held = positions.get(symbol);
    const heldQty = held?.quantity ?? ZERO;
    const booked = bookFill(held, side, quantity, price);
    if (booked.quantity.isNegative() && !booked.quantity.isZero() && !allowShort) {
      close(o, 'rejected', t, `fill of ${str(quantity)} would leave a short position of ${str(booked.quantity)}; shorting is not allowed`);
      return;
    }
    const signed = side === 'buy' ? quantity : quantity.negated();
    const cashAfter = cash.minus(signed.times(price)).minus(fee);
    if (booked.quantity.abs().gt(heldQty.abs()) || booked.quantity.isNegative() !== heldQty.isNegative()) {
      let equity = cashAfter.plus(booked.quantity.times(price));
      let gross = booked.quantity.abs().times(price);
      for (const [s, p] of positions) {
        if (s === symbol) continue;
        const m = marks.get(s) ?? p.averagePrice;
        equity = equity.plus(p.quantity.times(m));
        gross = gross.plus(p.quantity.abs().times(m));
      }
      if (!equity.gt(0) || gross.gt(equity.times(leverage))) {
        close(o, 'rejected', t, `insufficient buying power: gross exposure ${str(gross)} would exceed ${str(leverage)} × equity ${str(equity)}`);
        return;
      }
    }
    // Trade bookkeeping: allocate entry fees pro rata to the closed quantity.
    const lot = lots.get(symbol);
    if (heldQty.isZero() || heldQty.isNegative() === signed.isNegative()) {
      if (lot === undefined) lots.set(symbol, { entryTime: t, fees: fee });
      else lot.fees = lot.fees.plus(fee);
    } else {
      const closing = quantity.lte(heldQty.abs()) ? quantity : heldQty.abs();
      const entryFees = lot === undefined ? ZERO : lot.fees.times(closing).div(heldQty.abs());
      const exitFees = fee.times(closing).div(quantity);
      const tradeFees = entryFees.plus(exitFees);
      trades.push({
        symbol,
        side: heldQty.isNegative() ? 'short' : 'long',
        quantity: str(closing),
        entryTime: lot?.entryTime ?? t,
        exitTime: t,
        entryPrice: str(held?.averagePrice ?? price),
        exitPrice: str(price),
        fees: str(tradeFees),
        grossPnl: str(booked.realizedPnl),
        pnl: str(booked.realizedPnl.minus(tradeFees)),
      });
      if (lot !== undefined) lot.fees = lot.fees.minus(entryFees);
      if (booked.quantity.isZero()) lots.delete(symbol);
      else if (quantity.gt(heldQty.abs())) lots.set(symbol, { entryTime: t, fees: fee.minus(exitFees) });
    }
    cash = cashAfter;
    realized = realized.plus(booked.realizedPnl);
    totalFees = totalFees.plus(fee);
    if (booked.quantity.isZero()) positions.delete(symbol);
    else positions.set(symbol, { quantity: booked.quantity, averagePrice: booked.averagePrice });
    if (capacityLeft !== undefined) capacityLeft = capacityLeft.minus(quantity);
    o.filled = o.filled.plus(quantity);
    o.notional = o.notional.plus(quantity.times(price));
    o.fillCount += 1;
    fills.push({
      orderId: o.id,
      symbol,
      side,
      quantity: str(quantity),
      price: str(price),
      fee: str(fee),
      time: t,
      at,
      realizedPnl: str(booked.realizedPnl),
      positionAfter: str(booked.quantity),
      cashAfter: str(cash),
    });
    if (o.filled.gte(o.quantity)) close(o, 'filled', t);
    else o.status = 'partially-filled';
  };

  const barCapacity = (bar: ExactBar): Dec | undefined => {
    let cap = slippageCapacity(config.slippage, bar.volume);
    if (config.maxParticipation !== undefined) {
      const p = bar.volume.times(String(config.maxParticipation)).toDecimalPlaces(0, Decimal.ROUND_DOWN);
      cap = cap === undefined || p.lt(cap) ? p : cap;
    }
    return cap;
  };

  const targetQuantity = (direction: SignalDirection, close: Dec): Dec => {
    if (direction === 'flat' || (direction === 'short' && !allowShort)) return ZERO;
    let units: Dec;
    if (config.sizing.kind === 'fixed-units') units = money.dec(config.sizing.units);
    else units = close.gt(0) ? equityNow().times(money.dec(config.sizing.fraction)).div(close).toDecimalPlaces(0, Decimal.ROUND_DOWN) : ZERO;
    if (units.isNegative()) units = ZERO;
    return direction === 'short' ? units.negated() : units;
  };

  const tryAtClose = (o: WorkingOrder, bar: ExactBar, t: number): void => {
    const exec = executeAtClose({ side: o.request.side, type: o.request.type, limitPrice: o.limitPrice, stopPrice: o.stopPrice, triggered: o.triggered }, bar.close);
    o.triggered = exec.triggered || o.triggered;
    if (exec.kind === 'fill') fill(o, exec, bar, t, 'close');
  };

  /** Submits orders decided at the close of `symbol`'s bar; in `close` mode that symbol's orders are tried at the close. */
  const placeOrders = (requests: readonly OrderRequest[], symbol: string, bar: ExactBar, t: number): void => {
    for (const r of requests) {
      const o = submit(r, t);
      if (o.status === 'working' && config.fill === 'close' && r.symbol === symbol) tryAtClose(o, bar, t);
    }
  };

  const moveToTarget = (symbol: string, target: Dec, bar: ExactBar, t: number): void => {
    for (const o of [...(working.get(symbol) ?? [])]) {
      if (o.request.tag === TARGET_TAG) close(o, 'canceled', t, 'replaced by a new target');
    }
    const delta = target.minus(positions.get(symbol)?.quantity ?? ZERO);
    if (delta.isZero()) return;
    placeOrders(
      [{ symbol, side: delta.isPositive() ? 'buy' : 'sell', quantity: str(delta.abs()), type: 'market', timeInForce: config.targetTimeInForce ?? 'day', tag: TARGET_TAG }],
      symbol,
      bar,
      t,
    );
  };

  const decide = (symbol: string, raw: BacktestBar, bar: ExactBar, index: number, t: number): void => {
    const strategy = config.strategy;
    if (!isTargetFunction(strategy)) {
      const state = streamingState.has(symbol) ? streamingState.get(symbol) : strategy.initialState();
      const step = strategy.onBar(state, { symbol, start: raw.start, open: raw.open, high: raw.high, low: raw.low, close: raw.close, volume: raw.volume });
      streamingState.set(symbol, step.state);
      if (step.kind === 'applied' && step.signal !== undefined) moveToTarget(symbol, targetQuantity(step.signal.direction, bar.close), bar, t);
      return;
    }
    const context: StrategyContext = {
      symbol,
      bar: raw,
      index,
      position: str(positions.get(symbol)?.quantity ?? ZERO),
      cash: str(cash),
      equity: str(equityNow()),
      openOrders: (working.get(symbol) ?? []).map(toRecord),
      random,
    };
    const decision: BacktestDecision | undefined = strategy(context);
    if (decision === undefined) return;
    if ('target' in decision) moveToTarget(symbol, targetQuantity(decision.target, bar.close), bar, t);
    else if ('targetQuantity' in decision) moveToTarget(symbol, money.dec(decision.targetQuantity), bar, t);
    else {
      for (const id of decision.cancel ?? []) {
        const o = orders.find((w) => w.id === id);
        if (o !== undefined && (o.status === 'working' || o.status === 'partially-filled')) close(o, 'canceled', t, 'canceled by the strategy');
      }
      placeOrders(decision.orders, symbol, bar, t);
    }
  };

  // ---- the event loop
  const timestamps = [...new Set(symbols.flatMap((s) => (config.bars.get(s) ?? []).map((b) => b.start)))].sort((a, b) => a - b);
  const cursor = new Map<string, number>(symbols.map((s) => [s, 0]));
  const curveTimes = new Float64Array(timestamps.length);
  const curveEquity = new Float64Array(timestamps.length);

  timestamps.forEach((t, step) => {
    const active: { symbol: string; raw: BacktestBar; bar: ExactBar; index: number }[] = [];
    for (const symbol of symbols) {
      const i = cursor.get(symbol) ?? 0;
      const raw = (config.bars.get(symbol) ?? [])[i];
      if (raw === undefined || raw.start !== t) continue;
      cursor.set(symbol, i + 1);
      active.push({ symbol, raw, bar: exactBar(raw), index: i });
    }
    let session: string | undefined;
    const sessionNow = (): string => (session ??= sessionOf(t));
    for (const { symbol, bar } of active) {
      capacityLeft = barCapacity(bar);
      for (const o of [...(working.get(symbol) ?? [])]) {
        if (o.submittedAt >= t) continue;
        if (o.timeInForce === 'day') {
          if (o.session === undefined) o.session = sessionNow();
          else if (o.session !== sessionNow()) {
            close(o, 'expired', t, `day order expired at the end of session ${o.session}`);
            continue;
          }
        }
        const exec = executeOnBar({ side: o.request.side, type: o.request.type, limitPrice: o.limitPrice, stopPrice: o.stopPrice, triggered: o.triggered }, bar);
        o.triggered = exec.triggered || o.triggered;
        if (exec.kind === 'fill') fill(o, exec, bar, t, exec.at);
      }
      marks.set(symbol, bar.close);
    }
    for (const { symbol, raw, bar, index } of active) {
      capacityLeft = barCapacity(bar);
      decide(symbol, raw, bar, index, t);
    }
    capacityLeft = undefined;
    curveTimes[step] = t;
    curveEquity[step] = equityNow().toNumber();
  });

  const closedTrades: ClosedTrade[] = trades.map((tr) => ({
    entryTime: tr.entryTime,
    exitTime: tr.exitTime,
    entryPrice: money.toNumber(tr.entryPrice),
    exitPrice: money.toNumber(tr.exitPrice),
    quantity: money.toNumber(tr.quantity),
    side: tr.side,
    pnl: money.toNumber(tr.pnl),
    fees: money.toNumber(tr.fees),
  }));
  const openPositions: BacktestPosition[] = [...positions.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([symbol, p]) => {
      const mark = marks.get(symbol) ?? p.averagePrice;
      return { symbol, quantity: str(p.quantity), averagePrice: str(p.averagePrice), lastPrice: str(mark), marketValue: str(p.quantity.times(mark)) };
    });

  return {
    orders: orders.map(toRecord),
    fills,
    trades,
    positions: openPositions,
    equityCurve: { timestamps: curveTimes, equity: curveEquity },
    finalCash: str(cash),
    finalEquity: str(equityNow()),
    realizedPnl: str(realized),
    totalFees: str(totalFees),
    metrics: computeMetrics({ equity: { timestamps: curveTimes, values: curveEquity }, trades: closedTrades, conventions: config.metrics }),
  };
}

function toRecord(o: WorkingOrder): BacktestOrder {
  const r = o.request;
  return {
    id: o.id,
    symbol: r.symbol,
    side: r.side,
    quantity: r.quantity,
    type: r.type,
    ...(r.limitPrice !== undefined ? { limitPrice: r.limitPrice } : {}),
    ...(r.stopPrice !== undefined ? { stopPrice: r.stopPrice } : {}),
    timeInForce: o.timeInForce,
    ...(r.tag !== undefined ? { tag: r.tag } : {}),
    submittedAt: o.submittedAt,
    status: o.status,
    filledQuantity: str(o.filled),
    ...(o.filled.gt(0) ? { averageFillPrice: str(o.notional.div(o.filled)) } : {}),
    ...(o.closedAt !== undefined ? { closedAt: o.closedAt } : {}),
    ...(o.reason !== undefined ? { reason: o.reason } : {}),
  };
}
