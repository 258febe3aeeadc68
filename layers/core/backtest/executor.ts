import Decimal from 'decimal.js';
import * as money from '../money';
import type { Account } from './account';
import { borrowRejection, type ParsedBorrow } from './borrow';
import { feeFor, slippageCapacity, slippedPrice } from './costs';
import { decimalText, LazyExactBar } from './exact';
import { ocoOrder, type OrderBook } from './order-book';
import { isOpen, type WorkingOrder } from './orders';
import { executeAtClose, executeAtOpenOnly, executeOnBar, type BarExecution, type ExactBar, type TriggerOrder } from './rules';
import { closesSession, opensNewSession, type SessionClock } from './sessions';
import { ratchetExtreme, trailingStopPrice } from './trailing';
import type { BacktestBar, BacktestConfig, BacktestFill } from './types';

type Dec = ReturnType<typeof money.dec>;
const ZERO = money.dec('0');
const str = decimalText;

/** What the order executor works with: the run's settings, data, account, order book and fill list. */
export interface ExecutorContext {
  readonly config: BacktestConfig;
  readonly places: number;
  readonly clock: SessionClock;
  readonly series: readonly (readonly BacktestBar[])[];
  readonly account: Account;
  readonly book: OrderBook;
  readonly fills: BacktestFill[];
  /** Parsed borrow terms per symbol; undefined = no borrow model. */
  readonly borrow: readonly ParsedBorrow[] | undefined;
}

/** The order-execution side of a run (see runBacktest for the event order). */
export interface OrderExecutor {
  /** Bar k of symbol i with exact prices made on first use (cached for the symbol's current bar). */
  exactBar(i: number, k: number): ExactBar;
  /** Starts a new participation-cap budget (a new symbol's bar, or its decision at the close). */
  resetCapacity(): void;
  /** Every working order of symbol i meets its bar k (time t). */
  workBar(i: number, k: number, t: number): void;
  /** `fill: 'close'`: an order decided at bar k's close is tried at that close. */
  tryAtClose(o: WorkingOrder, k: number, t: number): void;
  /** Gives a trailing stop its reference price and first stop price (no-op for other orders or once set). */
  initTrailing(o: WorkingOrder, reference: Dec | undefined): void;
}

/**
 * Creates the executor of a run: per-bar order triggers by type and time in force, the account checks (shorting,
 * borrow, buying power), fill booking and the OCO/bracket follow-ups. Mutates the account, book and fills given.
 */
export function createOrderExecutor(ctx: ExecutorContext): OrderExecutor {
  const { config, places, clock, series, account, book, fills, borrow } = ctx;
  const n = series.length;
  const leverage = money.dec(config.margin === 'reg-t' ? '2' : '1');
  const allowShort = config.allowShort ?? false;
  const spreads = config.slippage.kind === 'half-spread' ? account.symbols.map((s) => (config.slippage.kind === 'half-spread' ? config.slippage.quotes.get(s) : undefined)) : undefined;
  // Per-symbol bar context: exact prices are made only when an order or a sizing rule needs them.
  const exactCache: (ExactBar | undefined)[] = new Array<ExactBar | undefined>(n).fill(undefined);
  const exactIndex = new Int32Array(n).fill(-1);
  const exactBar = (i: number, k: number): ExactBar => {
    const cached = exactCache[i];
    if (cached !== undefined && exactIndex[i] === k) return cached;
    const b = series[i]?.[k];
    if (b === undefined) throw new RangeError(`no bar ${k} of ${account.symbols[i] ?? ''}`);
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
    // Only volume-share slippage reads the volume: do not make it exact for the others.
    const volume = config.slippage.kind === 'volume-share' ? bar.volume : ZERO;
    const price = exec.taker ? slippedPrice(config.slippage, side, exec.price, quantity, volume, places, limit, spread) : exec.price;
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

  const trigger = (o: WorkingOrder): TriggerOrder => ({ side: o.side, type: o.type, limitPrice: o.limitPrice, stopPrice: o.stopPrice, triggered: o.triggered });

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


  return {
    exactBar,
    resetCapacity,
    workBar(i, k, t) {
      resetCapacity();
      book.forEachOnBar(i, (o) => tryOnBar(o, k, t), (o) => ocoOrder(o, exactBar(i, k), trigger(o)));
    },
    tryAtClose,
    initTrailing,
  };
}
