import Decimal from 'decimal.js';
import * as money from '../money';
import { decimalText } from './exact';
import type { CorporateAction } from '../market/corporate-actions';
import type { Account } from './account';
import { borrowFee, calendarDaysBetween, type ParsedBorrow } from './borrow';
import type { OrderBook } from './order-book';
import type { SessionClock } from './sessions';
import { setQuantity, type WorkingOrder } from './orders';
import type { BacktestCashFlow } from './types';

type Dec = ReturnType<typeof money.dec>;
const str = decimalText;

/**
 * Applies a split of `ratio` new shares per old share to symbol `i` at the start of its ex-date bar, before that
 * bar's orders, the way brokers book one:
 * - the position's quantity × ratio and its average price ÷ ratio (cost basis unchanged); a fractional result is
 *   kept exact (no cash in lieu);
 * - each open order's unfilled quantity × ratio, rounded down to whole units when it was whole; its limit and stop
 *   prices (and a trailing stop's best price and trail amount) ÷ ratio, rounded half-even to the price places;
 * - the previous close (the mark until this bar closes) ÷ ratio, so equity does not jump.
 * Entry fees and trade bookkeeping are unchanged.
 */
export function applySplit(account: Account, i: number, ratio: Dec, openOrders: readonly WorkingOrder[], places: number, t: number): BacktestCashFlow {
  const symbol = account.symbols[i] ?? '';
  const before = account.quantity(i);
  const p = account.positions[i];
  if (p !== undefined) account.setPosition(i, { quantity: p.quantity.times(ratio), averagePrice: p.averagePrice.div(ratio) });
  const close = account.lastClose[i] ?? Number.NaN;
  if (!Number.isNaN(close)) account.lastClose[i] = close / ratio.toNumber();
  const price = (d: Dec): Dec => d.div(ratio).toDecimalPlaces(places, Decimal.ROUND_HALF_EVEN);
  for (const o of openOrders) {
    const remaining = o.quantity.minus(o.filled);
    let scaled = remaining.times(ratio);
    if (remaining.isInteger()) scaled = scaled.toDecimalPlaces(0, Decimal.ROUND_DOWN);
    setQuantity(o, o.filled.plus(scaled));
    if (o.limitPrice !== undefined) {
      o.limitPrice = price(o.limitPrice);
      o.limitText = str(o.limitPrice);
    }
    if (o.stopPrice !== undefined) {
      o.stopPrice = price(o.stopPrice);
      o.stopText = str(o.stopPrice);
    }
    if (o.extreme !== undefined) o.extreme = price(o.extreme);
    if (o.trailAmount !== undefined) o.trailAmount = o.trailAmount.div(ratio);
  }
  return { time: t, symbol, kind: 'split', amount: '0', positionBefore: str(before), positionAfter: str(account.quantity(i)), detail: `split ${str(ratio)} for 1` };
}

/**
 * Books a cash dividend of `amount` per share on the ex-date (pay date = ex-date: a simplification; brokers pay
 * weeks later, which moves cash, not total return): a long receives quantity × amount × multiplier, a short pays it.
 * Working orders are not adjusted for cash dividends. Returns undefined when no position is held.
 */
export function applyDividend(account: Account, i: number, amount: Dec, t: number): BacktestCashFlow | undefined {
  const q = account.quantity(i);
  if (q.isZero()) return undefined;
  const cash = account.value(i, q, amount);
  account.setCash(account.cash.plus(cash));
  account.dividends = account.dividends.plus(cash);
  const position = str(q);
  return { time: t, symbol: account.symbols[i] ?? '', kind: 'dividend', amount: str(cash), positionBefore: position, positionAfter: position, detail: `dividend ${str(amount)} per share` };
}

/** What the start-of-bar events need from the run. */
export interface BarStartContext {
  readonly clock: SessionClock;
  readonly account: Account;
  readonly book: OrderBook;
  /** Parsed borrow terms per symbol; undefined = no borrow model. */
  readonly borrow: readonly ParsedBorrow[] | undefined;
  readonly places: number;
  /** Corporate actions per symbol index, any order. */
  readonly actions: readonly (readonly CorporateAction[])[];
  readonly cashFlows: BacktestCashFlow[];
}

/**
 * The events at the start of a symbol's bar, before its orders: the borrow fee of a short held overnight (./borrow),
 * then the corporate actions whose ex-date is this bar's NYSE date or earlier (events dated before the symbol's
 * first bar are history, skipped). `active` is false when the run has neither, so the engine skips the call.
 */
export function createBarStartEvents(ctx: BarStartContext): { readonly active: boolean; startOfBar(i: number, t: number): void } {
  const { clock, account, book, borrow, places, cashFlows } = ctx;
  const actions = ctx.actions.map((list) => [...list].sort((a, b) => (a.exDate < b.exDate ? -1 : a.exDate > b.exDate ? 1 : 0)));
  const n = actions.length;
  const nextAction = new Int32Array(n);
  const lastDate: (string | undefined)[] = new Array<string | undefined>(n).fill(undefined);
  const chargesBorrow = borrow?.some((b) => b.annualRate.gt(0)) ?? false;
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
      cashFlows.push({ time: t, symbol: account.symbols[i] ?? '', kind: 'borrow-fee', amount: str(fee.negated()), positionBefore: str(q), positionAfter: str(q), detail: `${days} day(s) at ${str(terms.annualRate.times(100))} % a year / ${terms.dayCount}` });
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
  return { active: chargesBorrow || actions.some((a) => a.length > 0), startOfBar };
}
