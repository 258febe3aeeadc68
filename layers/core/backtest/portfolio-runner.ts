import Decimal from 'decimal.js';
import * as money from '../money';
import type { StrategyBar } from '../strategies';
import type { PortfolioStrategy, TargetWeights } from '../strategies/portfolio';
import { runBacktest } from './engine';
import { decimalText, exactFromFloat } from './exact';
import type { BacktestBar, BacktestConfig, BacktestResult, StrategyContext, TargetFunction } from './types';

/** How target weights become orders. */
export interface RebalanceOptions {
  /**
   * The fraction of equity the weights apply to (default 0.95). Orders decided at a close fill at the next open: the
   * slack keeps a fully invested cash account from being rejected for buying power when the open gaps up.
   */
  readonly investedFraction?: number;
  /**
   * Rebalance band (default 0.02): at a rebalance, a held symbol whose target keeps its side is traded only when its
   * weight is off the target by more than this (absolute, of equity), so small drifts do not churn. Entries, exits
   * and side changes always trade.
   */
  readonly band?: number;
  /** Fraction digits of prices made exact (the engine's `pricePlaces`, default 4). */
  readonly pricePlaces?: number;
}

/** One rebalance the strategy asked for. */
export interface RebalanceRecord {
  readonly time: number;
  readonly targets: TargetWeights;
  readonly reason: string;
}

/** A symbol's target not yet turned into an order. */
interface Pending {
  readonly weight: number;
  readonly decidedAt: number;
  /** The same rebalance reduces another position: increases wait one bar for the sale to fill. */
  readonly sellFirst: boolean;
}

const side = (x: number): number => (x > 0 ? 1 : x < 0 ? -1 : 0);

/**
 * Adapts a portfolio strategy to the event engine as a target function, without touching the engine. The engine
 * calls a target function once per symbol with a bar, in symbol order, after every symbol's bar at that timestamp
 * has been worked and marked; on the first call of a timestamp the adapter hands the strategy the bars of every
 * symbol at that timestamp (all closed: nothing later is visible) and records new targets as pending per symbol.
 * Each symbol's pending target becomes an exact `targetQuantity` (whole units, toward zero, of equity × invested
 * fraction × weight / close, equity as of that timestamp) at that symbol's call, subject to the band.
 *
 * Sell first: the engine fills a timestamp's orders in symbol order, so a rotation's buy could fill before the
 * sale that pays for it and be rejected in a cash account. When a rebalance reduces any weight (or flips a side),
 * its increases therefore wait until the symbol's next bar (a flip goes flat now and takes the new side then).
 * Rebalances with only increases or only reductions trade at once.
 */
export function portfolioTargetFunction(
  strategy: PortfolioStrategy<unknown>,
  bars: ReadonlyMap<string, readonly BacktestBar[]>,
  options: RebalanceOptions = {},
): { readonly decide: TargetFunction; readonly rebalances: readonly RebalanceRecord[] } {
  const universe = [...bars.keys()].sort();
  const { min, max } = strategy.universeSize;
  if (universe.length < min || (max !== undefined && universe.length > max)) {
    throw new RangeError(`${strategy.id} trades ${max === min ? `exactly ${min}` : `${min}${max === undefined ? ' or more' : `..${max}`}`} symbols, got ${universe.length}`);
  }
  const invested = options.investedFraction ?? 0.95;
  const band = options.band ?? 0.02;
  if (!(invested > 0 && invested <= 2)) throw new RangeError(`investedFraction must be in (0, 2], got ${invested}`);
  if (!(band >= 0 && band < 1)) throw new RangeError(`band must be in [0, 1), got ${band}`);
  const places = options.pricePlaces ?? 4;
  const investedDec = money.dec(String(invested));
  const series = universe.map((s) => bars.get(s) ?? []);
  const cursor = new Int32Array(universe.length);
  const current = new Map<string, number>(universe.map((s) => [s, 0]));
  const pending = new Map<string, Pending>();
  /** Per symbol, the position after the orders the runner last asked for (they fill at the next open). */
  const expected = new Map<string, Decimal>();
  const rebalances: RebalanceRecord[] = [];
  let state = strategy.initialState(universe);
  let lastTime = Number.NEGATIVE_INFINITY;
  let equity: Decimal = money.dec('0');

  const barsAt = (t: number): StrategyBar[] => {
    const out: StrategyBar[] = [];
    universe.forEach((symbol, i) => {
      const s = series[i] ?? [];
      let k = cursor[i] ?? 0;
      while (k < s.length && (s[k]?.start ?? Number.POSITIVE_INFINITY) < t) k += 1;
      cursor[i] = k;
      const b = s[k];
      if (b !== undefined && b.start === t) out.push({ symbol, start: b.start, open: b.open, high: b.high, low: b.low, close: b.close, volume: b.volume });
    });
    return out;
  };

  /** The quantity to trade to for `weight` from `held` at `close`, or undefined when no trade is due (inside the band). */
  const plan = (held: Decimal, close: Decimal, weight: number): Decimal | undefined => {
    if (!close.gt(0) || !equity.gt(0)) return undefined;
    const target = equity.times(investedDec).times(money.dec(money.fromNumber(weight, 9))).div(close).toDecimalPlaces(0, Decimal.ROUND_DOWN);
    if (!held.isZero() && !target.isZero() && target.s === held.s) {
      const weightNow = held.times(close).div(equity).toNumber();
      if (Math.abs(weight * invested - weightNow) <= band) return undefined;
    }
    return target.eq(held) ? undefined : target;
  };
  const reduces = (held: Decimal, target: Decimal): boolean => target.abs().lt(held.abs()) || (!held.isZero() && !target.isZero() && target.s !== held.s);

  const newTimestamp = (t: number, equityText: string): void => {
    lastTime = t;
    equity = money.dec(equityText);
    const visible = barsAt(t);
    const step = strategy.onBars(state, t, visible);
    state = step.state;
    if (step.targets === undefined) return;
    const next = new Map<string, number>();
    for (const symbol of universe) {
      const w = step.targets[symbol] ?? 0;
      if (!Number.isFinite(w)) throw new RangeError(`${strategy.id}: target weight of ${symbol} is ${w}`);
      next.set(symbol, w);
    }
    for (const symbol of Object.keys(step.targets)) if (!next.has(symbol)) throw new RangeError(`${strategy.id}: target for ${symbol}, which is not in the universe`);
    // Does this rebalance sell anything? Judged on the positions the runner expects (what it last asked for),
    // so drift back to the targets counts as well as changed weights.
    const sellFirst = universe.some((symbol) => {
      const bar = visible.find((b) => b.symbol === symbol);
      const weight = next.get(symbol) ?? 0;
      if (bar === undefined) {
        const before = current.get(symbol) ?? 0;
        return Math.abs(weight) < Math.abs(before) || side(weight) * side(before) < 0;
      }
      const held = expected.get(symbol) ?? money.dec('0');
      const target = plan(held, exactFromFloat(bar.close, places), weight);
      return target !== undefined && reduces(held, target);
    });
    for (const symbol of universe) {
      const weight = next.get(symbol) ?? 0;
      pending.set(symbol, { weight, decidedAt: t, sellFirst });
      current.set(symbol, weight);
    }
    rebalances.push({ time: t, targets: Object.fromEntries(next), reason: step.reason ?? '' });
  };

  const decideFor = (context: StrategyContext, held: Decimal): Decimal | undefined => {
    const t = context.bar.start;
    const order = pending.get(context.symbol);
    if (order === undefined) return undefined;
    const target = plan(held, exactFromFloat(context.bar.close, places), order.weight);
    if (order.sellFirst && t === order.decidedAt && target !== undefined && !reduces(held, target)) {
      // An increase waits for this rebalance's sales to fill (the symbol's next bar).
      return undefined;
    }
    if (order.sellFirst && t === order.decidedAt && target !== undefined && !held.isZero() && !target.isZero() && target.s !== held.s) {
      // A flip sells its old side now and takes the new side (an increase) on the next bar.
      return money.dec('0');
    }
    pending.delete(context.symbol);
    return target;
  };

  const decide: TargetFunction = (context) => {
    if (context.bar.start !== lastTime) newTimestamp(context.bar.start, context.equity);
    const held = money.dec(context.position);
    const target = decideFor(context, held);
    expected.set(context.symbol, target ?? held);
    return target === undefined ? undefined : { targetQuantity: decimalText(target) };
  };

  return { decide, rebalances };
}

/** A backtest of a portfolio strategy: the engine's configuration less `strategy` and `sizing`. */
export interface PortfolioBacktestConfig extends Omit<BacktestConfig, 'strategy' | 'sizing'> {
  readonly strategy: PortfolioStrategy<unknown>;
  readonly rebalance?: RebalanceOptions;
}

export interface PortfolioBacktestResult extends BacktestResult {
  readonly rebalances: readonly RebalanceRecord[];
}

/** Runs a portfolio strategy on the event engine (one exact cash balance across the universe). */
export function runPortfolioBacktest(config: PortfolioBacktestConfig): PortfolioBacktestResult {
  const { strategy, rebalance, ...rest } = config;
  const adapter = portfolioTargetFunction(strategy, config.bars, { pricePlaces: config.pricePlaces, ...rebalance });
  // Sizing is unused: the adapter always answers with exact target quantities.
  const result = runBacktest({ ...rest, strategy: adapter.decide, sizing: { kind: 'fixed-units', units: '0' } });
  return { ...result, rebalances: adapter.rebalances };
}
