import Decimal from 'decimal.js';
import type { SignalDirection } from '../../contracts';
import { computeMetrics, mulberry32, type ClosedTrade } from '../analytics';
import * as money from '../money';
import { Account } from './account';
import { createBarStartEvents } from './actions';
import { borrowTermsOf, type ParsedBorrow } from './borrow';
import { ContextView } from './context';
import { createOrderExecutor } from './executor';
import { OrderBook } from './order-book';
import { isOpen, orderRecord } from './orders';
import { decimalText } from './exact';
import { sessionClock } from './sessions';
import type {
  BacktestBar,
  BacktestCashFlow,
  BacktestConfig,
  BacktestDecision,
  BacktestFill,
  BacktestPosition,
  BacktestResult,
  BacktestStrategy,
  OrderRequest,
  TargetFunction,
} from './types';

type Dec = ReturnType<typeof money.dec>;

const TARGET_TAG = 'target';
const ZERO = money.dec('0');
const str = decimalText;

const isTargetFunction = (s: BacktestStrategy): s is TargetFunction => typeof s === 'function';

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
  const barStart = createBarStartEvents({ clock, account, book, borrow, places, cashFlows, actions: symbols.map((s) => config.corporateActions?.get(s) ?? []) });

  const executor = createOrderExecutor({ config, places, clock, series, account, book, fills, borrow });
  const { exactBar, resetCapacity, tryAtClose, initTrailing } = executor;

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
  const scaleByStrength = config.sizing.kind === 'fraction-of-equity' && config.sizing.scaleByStrength === true;
  const targetQuantity = (direction: SignalDirection, close: Dec, strength = 1): Dec => {
    if (direction === 'flat' || (direction === 'short' && !allowShort)) return ZERO;
    let units: Dec;
    if (sizingAmount === undefined) {
      const fraction = scaleByStrength ? sizingFraction.times(money.dec(String(Math.min(1, Math.max(0, strength))))) : sizingFraction;
      units = close.gt(0) ? account.equity().times(fraction).div(close).toDecimalPlaces(0, Decimal.ROUND_DOWN) : ZERO;
    }
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
      if (step.kind === 'applied' && step.signal !== undefined) moveToTarget(i, targetQuantity(step.signal.direction, exactBar(i, k).close, step.signal.strength), k, t);
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
      if (barStart.active) barStart.startOfBar(i, t);
      if (book.hasWorking(i)) executor.workBar(i, k, t);
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
