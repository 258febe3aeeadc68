import Decimal from 'decimal.js';
import type { SignalDirection } from '../../contracts';
import { computeMetrics, mulberry32, type ClosedTrade } from '../analytics';
import type { CorporateAction } from '../market/corporate-actions';
import * as money from '../money';
import { Account } from './account';
import { applyDividend, applySplit } from './actions';
import { borrowFee, borrowRejection, borrowTermsOf, calendarDaysBetween, type ParsedBorrow } from './borrow';
import { feeFor, slippageCapacity, slippedPrice } from './costs';
import { ocoOrder, OrderBook } from './order-book';
import { isOpen, orderRecord, type WorkingOrder } from './orders';
import { decimalText, LazyExactBar } from './exact';
import { executeAtClose, executeAtOpenOnly, executeOnBar, type BarExecution, type ExactBar } from './rules';
import { closesSession, opensNewSession, sessionClock } from './sessions';
import { ratchetExtreme, trailingStopPrice } from './trailing';
import type {
  BacktestBar,
  BacktestCashFlow,
  BacktestConfig,
  BacktestDecision,
  BacktestFill,
  BacktestOrder,
  BacktestPosition,
  BacktestResult,
  BacktestStrategy,
  OrderRequest,
  StrategyContext,
  TargetFunction,
} from './types';

type Dec = ReturnType<typeof money.dec>;

const TARGET_TAG = 'target';
const ZERO = money.dec('0');
const str = decimalText;

const isTargetFunction = (s: BacktestStrategy): s is TargetFunction => typeof s === 'function';

/**
 * What a function strategy sees. The account fields are decimal work, so they are computed only when the strategy
 * reads them (prototype getters: one small object per bar, no closures).
 */
class ContextView implements StrategyContext {
  constructor(
    readonly symbol: string,
    readonly bar: BacktestBar,
    readonly index: number,
    readonly random: () => number,
    private readonly account: Account,
    private readonly book: OrderBook,
    private readonly i: number,
  ) {}
  get position(): string {
    return decimalText(this.account.quantity(this.i));
  }
  get cash(): string {
    return decimalText(this.account.cash);
  }
  get equity(): string {
    return decimalText(this.account.equity());
  }
  get openOrders(): readonly BacktestOrder[] {
    return this.book.workingOf(this.i).map(orderRecord);
  }
}

/** Bar starts of all symbols, ascending and distinct. */
function mergedTimestamps(series: readonly (readonly BacktestBar[])[]): Float64Array {
  const only = series.length === 1 ? series[0] : undefined;
  if (only !== undefined) {
    // One symbol: its starts are already ascending and distinct (checked by the caller).
    const out = new Float64Array(only.length);
    for (let i = 0; i < only.length; i += 1) out[i] = only[i]?.start ?? 0;
    return out;
  }
  let total = 0;
  for (const s of series) total += s.length;
  const all = new Float64Array(total);
  let j = 0;
  for (const s of series) for (const b of s) all[j++] = b.start;
  all.sort();
  let k = 0;
  for (let i = 0; i < all.length; i += 1) if (k === 0 || all[i] !== all[k - 1]) all[k++] = all[i] ?? 0;
  return all.slice(0, k);
}

/**
 * Runs an event-driven backtest over bars of one or many symbols sharing one cash balance.
 *
 * Event order at each distinct bar timestamp (symbols in sorted order):
 * 1. for each symbol with a bar: borrow fees for shorts held overnight, then corporate actions whose ex-date has
 *    come (./actions; events dated before the symbol's first bar are skipped), then its working orders meet the bar, oldest first except within an OCO group (./order-book):
 *    market at the open; limit/stop/stop-limit/trailing-stop by the intrabar rules (./rules, ./trailing);
 *    ioc/fok/opg at the open only, cls at the session's last bar (./sessions); day orders expire when the session
 *    changes; a bracket entry's fill activates its legs (on the same bar when it filled at the open, else from the
 *    next bar);
 * 2. the symbol is marked at the bar's close;
 * 3. the strategy sees the closed bar and may place orders (`next-open`: they work from the symbol's next
 *    bar; `close`: market, ioc/fok and at-the-close orders fill now at the close, others are tried at the close and
 *    then rest);
 * 4. one equity point = cash + Σ position × last close × multiplier, in floats (see Account).
 * Cash, positions, average prices, P&L, fees, dividends and borrow fees are exact decimals; the equity curve is float
 * for analytics. A fill that would take short a long-only account, short more than can be borrowed, or push gross
 * exposure above 1× (cash) or 2× (Reg T) equity rejects the order (a value in the result, never a throw).
 * Deterministic: no clock, no global randomness; `seed` drives only the generator given to function strategies.
 */
export function runBacktest(config: BacktestConfig): BacktestResult {
  const places = config.pricePlaces ?? 4;
  const leverage = money.dec(config.margin === 'reg-t' ? '2' : '1');
  const allowShort = config.allowShort ?? false;
  const clock = sessionClock(config.sessionOf);
  const random = mulberry32(config.seed);
  const symbols = [...config.bars.keys()].sort();
  const n = symbols.length;
  const series = symbols.map((s) => config.bars.get(s) ?? []);
  symbols.forEach((symbol, s) => {
    const bars = series[s] ?? [];
    for (let i = 1; i < bars.length; i += 1) {
      const prev = bars[i - 1];
      const cur = bars[i];
      if (prev !== undefined && cur !== undefined && !(cur.start > prev.start)) throw new RangeError(`${symbol}: bars not strictly ascending at index ${i}`);
    }
  });
  const indexOf = new Map(symbols.map((s, i) => [s, i]));
  const account = new Account(symbols, money.dec(config.cash), places, symbols.map((s) => money.dec(config.contractMultiplier?.[s] ?? '1')));
  const book = new OrderBook(n);
  const fills: BacktestFill[] = [];
  const cashFlows: BacktestCashFlow[] = [];
  const strategyState: unknown[] = new Array<unknown>(n);
  const hasState = new Uint8Array(n);
  const borrow: readonly ParsedBorrow[] | undefined = config.borrow === undefined ? undefined : symbols.map((s) => borrowTermsOf(config.borrow, s));
  const chargesBorrow = borrow?.some((b) => b.annualRate.gt(0)) ?? false;
  const actions: readonly (readonly CorporateAction[])[] = symbols.map((s) => [...(config.corporateActions?.get(s) ?? [])].sort((a, b) => (a.exDate < b.exDate ? -1 : a.exDate > b.exDate ? 1 : 0)));
  const nextAction = new Int32Array(n);
  const hasActions = actions.some((a) => a.length > 0);
  const lastDate: (string | undefined)[] = new Array<string | undefined>(n).fill(undefined);
  const spreads = config.slippage.kind === 'half-spread' ? symbols.map((s) => (config.slippage.kind === 'half-spread' ? config.slippage.quotes.get(s) : undefined)) : undefined;

  // Per-symbol bar context: exact prices are made only when an order or a sizing rule needs them.
  const exactCache: (ExactBar | undefined)[] = new Array<ExactBar | undefined>(n).fill(undefined);
  const exactIndex = new Int32Array(n).fill(-1);
  const exactBar = (i: number, k: number): ExactBar => {
    const cached = exactCache[i];
    if (cached !== undefined && exactIndex[i] === k) return cached;
    const b = series[i]?.[k];
    if (b === undefined) throw new RangeError(`no bar ${k} of ${symbols[i] ?? ''}`);
    const e = new LazyExactBar(b, places);
    exactCache[i] = e;
    exactIndex[i] = k;
    return e;
  };
  /** Units still allowed to fill on the current bar of the current symbol (undefined = no cap); computed on first use. */
  let capacityLeft: Dec | undefined;
  let capacityKnown = false;
  const capacity = (bar: ExactBar): Dec | undefined => {
    if (capacityKnown) return capacityLeft;
    let cap = slippageCapacity(config.slippage, bar.volume);
    if (config.maxParticipation !== undefined) {
      const p = bar.volume.times(String(config.maxParticipation)).toDecimalPlaces(0, Decimal.ROUND_DOWN);
      cap = cap === undefined || p.lt(cap) ? p : cap;
    }
    capacityKnown = true;
    capacityLeft = cap;
    return cap;
  };
  const resetCapacity = (): void => {
    capacityKnown = false;
    capacityLeft = undefined;
  };

  /** Books one fill after the account checks; a failed check rejects the order instead. */
  const fill = (o: WorkingOrder, exec: BarExecution & { kind: 'fill' }, bar: ExactBar, k: number, t: number, at: BacktestFill['at'], triesBefore: number): void => {
    const i = o.symbolIndex;
    const symbol = o.request.symbol;
    const side = o.side;
    let quantity = o.quantity.minus(o.filled);
    const cap = capacity(bar);
    if (cap !== undefined && quantity.gt(cap)) quantity = cap;
    if (!quantity.gt(0)) return;
    const limit = o.type === 'limit' || o.type === 'stop-limit' ? o.limitPrice : undefined;
    const spread = spreads === undefined ? undefined : { quote: spreads[i]?.[k], market: o.type === 'market' };
    const price = exec.taker ? slippedPrice(config.slippage, side, exec.price, quantity, bar.volume, places, limit, spread) : exec.price;
    // A limit order that rested before this price reached it provided liquidity (./types BacktestFill.liquidity).
    const maker = (o.type === 'limit' || (o.type === 'stop-limit' && o.triggered && triesBefore > 0)) && (!exec.taker || triesBefore > 0);
    const liquidity = maker ? 'maker' : 'taker';
    const fee = feeFor(config.fees, side, quantity, price, { firstFillOfOrder: o.fillCount === 0, liquidity, multiplier: account.multipliers[i] ?? ZERO });
    const heldQty = account.quantity(i);
    const booked = account.preview(i, side, quantity, price);
    const growsShort = booked.quantity.isNegative() && !booked.quantity.isZero() && (!heldQty.isNegative() || booked.quantity.lt(heldQty));
    if (growsShort && !allowShort) {
      book.close(o, 'rejected', t, `fill of ${str(quantity)} would leave a short position of ${str(booked.quantity)}; shorting is not allowed`);
      return;
    }
    const terms = borrow?.[i];
    const notBorrowable = growsShort && terms !== undefined ? borrowRejection(terms, symbol, booked.quantity.negated()) : undefined;
    if (notBorrowable !== undefined) {
      book.close(o, 'rejected', t, notBorrowable);
      return;
    }
    const signed = side === 'buy' ? quantity : quantity.negated();
    const cashAfter = account.cash.minus(account.value(i, signed, price)).minus(fee);
    if (booked.quantity.abs().gt(heldQty.abs()) || booked.quantity.isNegative() !== heldQty.isNegative()) {
      const { equity, gross } = account.exposureAfter(i, booked.quantity, price, cashAfter);
      if (!equity.gt(0) || gross.gt(equity.times(leverage))) {
        book.close(o, 'rejected', t, `insufficient buying power: gross exposure ${str(gross)} would exceed ${str(leverage)} × equity ${str(equity)}`);
        return;
      }
    }
    account.book(i, side, quantity, price, fee, booked, t);
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
      liquidity,
      realizedPnl: str(booked.realizedPnl),
      positionAfter: str(booked.quantity),
      cashAfter: str(account.cash),
    });
    if (o.filled.gte(o.quantity)) book.close(o, 'filled', t);
    else o.status = 'partially-filled';
    book.afterFill(o, quantity, t, at);
  };

  /** Gives a trailing stop its reference (last close at submission, else the first open it meets) and stop price. */
  const initTrailing = (o: WorkingOrder, reference: Dec | undefined): void => {
    if (o.type !== 'trailing-stop' || o.extreme !== undefined || reference === undefined) return;
    o.extreme = reference;
    o.stopPrice = trailingStopPrice(o.side, reference, { amount: o.trailAmount, percent: o.trailPercent }, places);
    o.stopText = str(o.stopPrice);
  };

  const trigger = (o: WorkingOrder) => ({ side: o.side, type: o.type, limitPrice: o.limitPrice, stopPrice: o.stopPrice, triggered: o.triggered });

  /** One order meets bar k of its symbol (time t). */
  const tryOnBar = (o: WorkingOrder, k: number, t: number): void => {
    if (!isOpen(o) || o.status === 'held' || o.eligibleAfter >= t) return;
    const i = o.symbolIndex;
    const tif = o.timeInForce;
    if (tif === 'day') {
      if (o.session === undefined) o.session = clock.key(t);
      else if (o.session !== clock.key(t)) {
        book.close(o, 'expired', t, `day order expired at the end of session ${o.session}`);
        return;
      }
    }
    if (tif === 'opg' && !opensNewSession(clock, o.submittedAt, o.submittedKey ?? '', t)) return;
    if (tif === 'cls' && !closesSession(clock, t, series[i]?.[k + 1]?.start)) return;
    const bar = exactBar(i, k);
    const triesBefore = o.barsSeen;
    o.barsSeen += 1;
    if (tif === 'cls') {
      const exec = executeAtClose(trigger(o), bar.close);
      if (exec.kind === 'fill') fill(o, exec, bar, k, t, 'close', triesBefore);
      if (isOpen(o)) book.close(o, 'canceled', t, 'at-the-close order: not filled at the session close');
      return;
    }
    if (tif === 'opg' || tif === 'ioc' || tif === 'fok') {
      const exec = executeAtOpenOnly(trigger(o), bar);
      if (exec.kind === 'fill') fillAllOrNone(o, exec, bar, k, t, exec.at, triesBefore);
      if (isOpen(o)) book.close(o, 'canceled', t, `${tif} order: unfilled quantity canceled after ${tif === 'opg' ? 'the open' : 'its first price'}`);
      return;
    }
    initTrailing(o, bar.open);
    const exec = executeOnBar(trigger(o), bar);
    o.triggered = exec.triggered || o.triggered;
    if (exec.kind === 'fill') fill(o, exec, bar, k, t, exec.at, triesBefore);
    if (o.type === 'trailing-stop' && isOpen(o) && o.extreme !== undefined) {
      // After the trigger check, never before it (./trailing explains why).
      o.extreme = ratchetExtreme(o.side, o.extreme, bar);
      o.stopPrice = trailingStopPrice(o.side, o.extreme, { amount: o.trailAmount, percent: o.trailPercent }, places);
      o.stopText = str(o.stopPrice);
    }
  };

  /** `fok` fills only when the whole remaining quantity fits this bar's cap; other orders fill as usual. */
  const fillAllOrNone = (o: WorkingOrder, exec: BarExecution & { kind: 'fill' }, bar: ExactBar, k: number, t: number, at: BacktestFill['at'], triesBefore: number): void => {
    if (o.timeInForce === 'fok') {
      const cap = capacity(bar);
      const remaining = o.quantity.minus(o.filled);
      if (cap !== undefined && remaining.gt(cap)) {
        book.close(o, 'canceled', t, `fill-or-kill: ${str(remaining)} exceeds the ${str(cap)} units this bar allows`);
        return;
      }
    }
    fill(o, exec, bar, k, t, at, triesBefore);
  };

  /** `fill: 'close'`: an order decided at bar k's close is tried at that close. */
  const tryAtClose = (o: WorkingOrder, k: number, t: number): void => {
    const i = o.symbolIndex;
    const tif = o.timeInForce;
    if (tif === 'opg') return;
    if (tif === 'cls' && !closesSession(clock, t, series[i]?.[k + 1]?.start)) return;
    const bar = exactBar(i, k);
    const triesBefore = o.barsSeen;
    o.barsSeen += 1;
    const exec = executeAtClose(trigger(o), bar.close);
    o.triggered = exec.triggered || o.triggered;
    if (exec.kind === 'fill') fillAllOrNone(o, exec, bar, k, t, 'close', triesBefore);
    if ((tif === 'ioc' || tif === 'fok' || tif === 'cls') && isOpen(o)) book.close(o, 'canceled', t, `${tif} order: unfilled quantity canceled at the close`);
  };

  /** Submits orders decided at the close of bar k of symbol `i`; in `close` mode that symbol's orders are tried at the close. */
  const placeOrders = (requests: readonly OrderRequest[], i: number, k: number, t: number): void => {
    for (const r of requests) {
      const s = indexOf.get(r.symbol) ?? -1;
      const o = book.submit(r, s, t);
      if (o.status !== 'working') continue;
      o.submittedKey = clock.key(t);
      if (o.type === 'trailing-stop' && s >= 0 && !Number.isNaN(account.lastClose[s] ?? Number.NaN)) initTrailing(o, account.mark(s));
      if (config.fill === 'close' && s === i) tryAtClose(o, k, t);
    }
  };

  const sizingAmount = config.sizing.kind === 'fixed-units' ? money.dec(config.sizing.units) : undefined;
  const sizingFraction = config.sizing.kind === 'fraction-of-equity' ? money.dec(config.sizing.fraction) : ZERO;
  const targetQuantity = (direction: SignalDirection, close: Dec): Dec => {
    if (direction === 'flat' || (direction === 'short' && !allowShort)) return ZERO;
    let units: Dec;
    if (sizingAmount === undefined) units = close.gt(0) ? account.equity().times(sizingFraction).div(close).toDecimalPlaces(0, Decimal.ROUND_DOWN) : ZERO;
    else units = sizingAmount;
    if (units.isNegative()) units = ZERO;
    return direction === 'short' ? units.negated() : units;
  };

  const moveToTarget = (i: number, target: Dec, k: number, t: number): void => {
    for (const o of [...book.workingOf(i)]) {
      if (o.request.tag === TARGET_TAG) book.close(o, 'canceled', t, 'replaced by a new target');
    }
    const delta = target.minus(account.quantity(i));
    if (delta.isZero()) return;
    const symbol = symbols[i] ?? '';
    placeOrders([{ symbol, side: delta.isPositive() ? 'buy' : 'sell', quantity: str(delta.abs()), type: 'market', timeInForce: config.targetTimeInForce ?? 'day', tag: TARGET_TAG }], i, k, t);
  };

  const decide = (i: number, raw: BacktestBar, k: number, t: number): void => {
    const strategy = config.strategy;
    const symbol = symbols[i] ?? '';
    if (!isTargetFunction(strategy)) {
      const state = hasState[i] === 1 ? strategyState[i] : strategy.initialState();
      const step = strategy.onBar(state, { symbol, start: raw.start, open: raw.open, high: raw.high, low: raw.low, close: raw.close, volume: raw.volume });
      strategyState[i] = step.state;
      hasState[i] = 1;
      if (step.kind === 'applied' && step.signal !== undefined) moveToTarget(i, targetQuantity(step.signal.direction, exactBar(i, k).close), k, t);
      return;
    }
    const context = new ContextView(symbol, raw, k, random, account, book, i);
    const decision: BacktestDecision | undefined = strategy(context);
    if (decision === undefined) return;
    if ('target' in decision) moveToTarget(i, targetQuantity(decision.target, exactBar(i, k).close), k, t);
    else if ('targetQuantity' in decision) moveToTarget(i, money.dec(decision.targetQuantity), k, t);
    else {
      for (const id of decision.cancel ?? []) {
        const o = book.byId(id);
        if (o !== undefined && isOpen(o)) book.close(o, 'canceled', t, 'canceled by the strategy');
      }
      placeOrders(decision.orders, i, k, t);
    }
  };

  /** Borrow fees for a short held overnight, then corporate actions due on this bar's date. */
  const startOfBar = (i: number, t: number): void => {
    const date = clock.date(t);
    const previous = lastDate[i];
    lastDate[i] = date;
    const terms = borrow?.[i];
    const q = account.quantity(i);
    if (chargesBorrow && terms !== undefined && previous !== undefined && date > previous && q.isNegative() && terms.annualRate.gt(0)) {
      const days = calendarDaysBetween(previous, date);
      const fee = borrowFee(terms, account.value(i, q.abs(), account.mark(i)), days);
      account.setCash(account.cash.minus(fee));
      account.borrowFees = account.borrowFees.plus(fee);
      cashFlows.push({ time: t, symbol: symbols[i] ?? '', kind: 'borrow-fee', amount: str(fee.negated()), positionBefore: str(q), positionAfter: str(q), detail: `${days} day(s) at ${str(terms.annualRate.times(100))} % a year / ${terms.dayCount}` });
    }
    const list = actions[i] ?? [];
    // Events before the symbol's first bar are history: its prices are already on their basis.
    if (previous === undefined) while ((list[nextAction[i] ?? 0]?.exDate ?? '9999') < date) nextAction[i] = (nextAction[i] ?? 0) + 1;
    for (let a = list[nextAction[i] ?? 0]; a !== undefined && a.exDate <= date; a = list[nextAction[i] ?? 0]) {
      nextAction[i] = (nextAction[i] ?? 0) + 1;
      if (a.kind === 'split') cashFlows.push(applySplit(account, i, money.dec(a.ratio), book.openOf(i), places, t));
      else {
        const flow = applyDividend(account, i, money.dec(a.amount), t);
        if (flow !== undefined) cashFlows.push(flow);
      }
    }
  };

  // ---- the event loop
  const timestamps = mergedTimestamps(series);
  const cursor = new Int32Array(n);
  const curveTimes = new Float64Array(timestamps.length);
  const curveEquity = new Float64Array(timestamps.length);
  const active = new Int32Array(n);
  const activeBar = new Int32Array(n);
  const barsTotal = series.reduce((sum, s) => sum + s.length, 0);
  const onProgress = config.onProgress;
  const progressStep = Math.max(1, Math.floor(barsTotal / 100));
  let nextProgress = progressStep;
  let barsDone = 0;
  let barsReported = -1;
  const perBarWork = hasActions || chargesBorrow;

  for (let step = 0; step < timestamps.length; step += 1) {
    const t = timestamps[step] ?? 0;
    let count = 0;
    for (let i = 0; i < n; i += 1) {
      const k = cursor[i] ?? 0;
      const raw = series[i]?.[k];
      if (raw === undefined || raw.start !== t) continue;
      cursor[i] = k + 1;
      active[count] = i;
      activeBar[count] = k;
      count += 1;
    }
    for (let a = 0; a < count; a += 1) {
      const i = active[a] ?? 0;
      const k = activeBar[a] ?? 0;
      if (perBarWork) startOfBar(i, t);
      if (book.hasWorking(i)) {
        resetCapacity();
        book.forEachOnBar(i, (o) => tryOnBar(o, k, t), (o) => ocoOrder(o, exactBar(i, k), trigger(o)));
      }
      account.lastClose[i] = series[i]?.[k]?.close ?? Number.NaN;
    }
    for (let a = 0; a < count; a += 1) {
      const i = active[a] ?? 0;
      const k = activeBar[a] ?? 0;
      resetCapacity();
      const raw = series[i]?.[k];
      if (raw !== undefined) decide(i, raw, k, t);
    }
    curveTimes[step] = t;
    curveEquity[step] = account.equityFloat();
    barsDone += count;
    if (onProgress !== undefined && barsDone >= nextProgress) {
      onProgress(barsDone, barsTotal);
      barsReported = barsDone;
      nextProgress = (Math.floor(barsDone / progressStep) + 1) * progressStep;
    }
  }
  if (onProgress !== undefined && barsReported !== barsDone) onProgress(barsDone, barsTotal);

  const trades = account.trades;
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
  const openPositions: BacktestPosition[] = account.heldSymbols().flatMap((i) => {
    const p = account.positions[i];
    if (p === undefined) return [];
    const mark = account.mark(i);
    return [{ symbol: symbols[i] ?? '', quantity: str(p.quantity), averagePrice: str(p.averagePrice), lastPrice: str(mark), marketValue: str(account.value(i, p.quantity, mark)) }];
  });

  return {
    orders: book.all().map(orderRecord),
    fills,
    trades,
    positions: openPositions,
    equityCurve: { timestamps: curveTimes, equity: curveEquity },
    finalCash: str(account.cash),
    finalEquity: str(account.equity()),
    realizedPnl: str(account.realized),
    totalFees: str(account.totalFees),
    cashFlows,
    dividends: str(account.dividends),
    borrowFees: str(account.borrowFees),
    metrics: computeMetrics({ equity: { timestamps: curveTimes, values: curveEquity }, trades: closedTrades, conventions: config.metrics }),
  };
}
