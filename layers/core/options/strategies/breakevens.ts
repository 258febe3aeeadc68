/**
 * Breakevens, maximum profit and loss, and the price regions where the position makes money, at its horizon.
 *
 * - One expiry (`method: 'exact'`): the P&L is piecewise linear with kinks at the strikes, so its extremes lie
 *   at S = 0, at a strike, or at infinity (then unbounded when the last slope Σ calls·qty·mult + shares is not 0),
 *   and each breakeven solves one linear segment: S* = a + (b − a)·v(a)/(v(a) − v(b)).
 * - Several expiries (calendars, `method: 'numeric'`): the horizon is the nearest expiry; the later legs are
 *   priced by the model (./payoff), so the P&L is smooth between strikes. It is sampled on a log grid over
 *   [min strike·e^{−w}, max strike·e^{+w}], w = max(8·σmax·√Tmax, 1), plus the strikes; sign changes are refined
 *   with Brent's method to 1e-12 relative and the maximum with a golden-section search. Beyond the grid the P&L
 *   is taken as bounded unless its slope at the top of the grid differs from 0 (then unbounded in that
 *   direction: with q > 0 a European far call grows only like e^{−qτ}·S, so a call calendar's model loss is
 *   unbounded). The value at the bottom of the grid stands for S → 0.
 *
 * Losses are reported as positive amounts: maxLoss = −min P&L. Unbounded figures are Infinity with a flag.
 */
import { brent } from '../implied-volatility';
import { hasSingleExpiry, nearestExpiry, optionLegs, type Strategy } from './legs';
import { pnlAtExpiry, strategyPnl, type MarketInputs } from './payoff';

/** An open price interval (lower, upper); upper is Infinity for "and above". */
export interface PriceInterval {
  readonly lower: number;
  readonly upper: number;
}

export interface PayoffAnalysis {
  readonly method: 'exact' | 'numeric';
  /** Years from the origin to the horizon at which the P&L is measured (the nearest expiry). */
  readonly horizon: number;
  /** Prices where the P&L is 0 (sorted, S > 0). */
  readonly breakevens: readonly number[];
  /** Largest P&L; Infinity when unbounded. */
  readonly maxProfit: number;
  readonly maxProfitUnbounded: boolean;
  /** Largest loss as a positive amount (−min P&L); Infinity when unbounded. */
  readonly maxLoss: number;
  readonly maxLossUnbounded: boolean;
  /** Where P&L > 0 (disjoint, sorted). */
  readonly profitRegions: readonly PriceInterval[];
  /** Points of the P&L curve: S = 0 and each strike (exact), or the grid's ends and extremes (numeric). */
  readonly vertices: readonly { readonly price: number; readonly pnl: number }[];
}

/** Sorted distinct strikes of the option legs. */
function strikes(strategy: Pick<Strategy, 'legs'>): number[] {
  return [...new Set(optionLegs(strategy).map((leg) => leg.strike))].sort((a, b) => a - b);
}

/** Merges the open intervals between consecutive cut points where `profitable` holds at a representative point. */
function regionsBetween(cuts: readonly number[], representative: (lower: number, upper: number) => number, pnl: (price: number) => number): PriceInterval[] {
  const bounds = [0, ...cuts, Number.POSITIVE_INFINITY];
  const regions: PriceInterval[] = [];
  for (let i = 0; i + 1 < bounds.length; i += 1) {
    const lower = bounds[i] ?? 0;
    const upper = bounds[i + 1] ?? Number.POSITIVE_INFINITY;
    if (!(upper > lower)) continue;
    if (!(pnl(representative(lower, upper)) > 0)) continue;
    const last = regions[regions.length - 1];
    if (last !== undefined && last.upper === lower) regions[regions.length - 1] = { lower: last.lower, upper };
    else regions.push({ lower, upper });
  }
  return regions;
}

/** Exact analysis of a single-expiry strategy's piecewise-linear P&L at expiry. */
export function analyzeExpiryPayoff(strategy: Pick<Strategy, 'legs'>): PayoffAnalysis {
  if (!hasSingleExpiry(strategy)) throw new Error('analyzeExpiryPayoff needs one common expiry; use analyzePayoff with market inputs');
  const pnl = (price: number): number => pnlAtExpiry(strategy, price);
  const xs = [0, ...strikes(strategy).filter((k) => k > 0)];
  const vs = xs.map(pnl);
  let lastSlope = 0;
  for (const leg of strategy.legs) lastSlope += leg.type === 'stock' ? leg.quantity : leg.right === 'call' ? leg.quantity * leg.multiplier : 0;

  const breakevens: number[] = [];
  const add = (x: number): void => {
    if (x > 0 && breakevens[breakevens.length - 1] !== x) breakevens.push(x);
  };
  for (let i = 0; i < xs.length; i += 1) {
    const a = xs[i] ?? 0;
    const va = vs[i] ?? 0;
    if (va === 0) add(a);
    if (i + 1 < xs.length) {
      const b = xs[i + 1] ?? 0;
      const vb = vs[i + 1] ?? 0;
      if (va * vb < 0) add(a + ((b - a) * va) / (va - vb));
    } else if (va * lastSlope < 0) {
      add(a - va / lastSlope);
    }
  }
  const top = xs[xs.length - 1] ?? 0;
  const profitRegions = regionsBetween(
    breakevens,
    (lower, upper) => (Number.isFinite(upper) ? (lower + upper) / 2 : 2 * Math.max(lower, top) + 1),
    pnl,
  );
  const maxValue = Math.max(...vs);
  const minValue = Math.min(...vs);
  return {
    method: 'exact',
    horizon: optionLegs(strategy)[0]?.expiry ?? 0,
    breakevens,
    maxProfit: lastSlope > 0 ? Number.POSITIVE_INFINITY : maxValue,
    maxProfitUnbounded: lastSlope > 0,
    maxLoss: lastSlope < 0 ? Number.POSITIVE_INFINITY : -minValue,
    maxLossUnbounded: lastSlope < 0,
    profitRegions,
    vertices: xs.map((price, i) => ({ price, pnl: vs[i] ?? 0 })),
  };
}

const GRID_POINTS = 1200;
const GOLDEN = (Math.sqrt(5) - 1) / 2;

/** Maximum of f on [a, b] by golden-section search (f unimodal there), to 1e-10 relative in x. */
function goldenMax(f: (x: number) => number, a0: number, b0: number): { x: number; fx: number } {
  let a = a0;
  let b = b0;
  let c = b - GOLDEN * (b - a);
  let d = a + GOLDEN * (b - a);
  let fc = f(c);
  let fd = f(d);
  for (let i = 0; i < 200 && b - a > 1e-10 * Math.max(1, Math.abs(b)); i += 1) {
    if (fc > fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - GOLDEN * (b - a);
      fc = f(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + GOLDEN * (b - a);
      fd = f(d);
    }
  }
  return fc > fd ? { x: c, fx: fc } : { x: d, fx: fd };
}

/** Numeric analysis at the nearest expiry, later legs priced by the model (see the module comment). */
export function analyzeHorizonPayoff(strategy: Pick<Strategy, 'legs'>, market: MarketInputs): PayoffAnalysis {
  const horizon = nearestExpiry(strategy) ?? 0;
  const legs = optionLegs(strategy);
  const ks = strikes(strategy);
  const sigmaMax = Math.max(...legs.map((leg) => leg.iv ?? 0), 0.01);
  const tMax = Math.max(...legs.map((leg) => leg.expiry));
  const w = Math.max(8 * sigmaMax * Math.sqrt(tMax), 1);
  const lo = (ks[0] ?? market.S) * Math.exp(-w);
  const hi = (ks[ks.length - 1] ?? market.S) * Math.exp(w);
  const pnl = (price: number): number => strategyPnl(strategy, market, horizon, price);

  const grid = new Set<number>(ks);
  for (let i = 0; i <= GRID_POINTS; i += 1) grid.add(lo * Math.exp((i / GRID_POINTS) * Math.log(hi / lo)));
  const xs = [...grid].sort((a, b) => a - b);
  const vs = xs.map(pnl);

  const breakevens: number[] = [];
  let iMax = 0;
  let iMin = 0;
  for (let i = 0; i < xs.length; i += 1) {
    const a = xs[i] ?? 0;
    const va = vs[i] ?? 0;
    if (va > (vs[iMax] ?? 0)) iMax = i;
    if (va < (vs[iMin] ?? 0)) iMin = i;
    if (va === 0) breakevens.push(a);
    else if (i + 1 < xs.length) {
      const b = xs[i + 1] ?? 0;
      const vb = vs[i + 1] ?? 0;
      if (va * vb < 0) breakevens.push(brent(pnl, a, b, va, vb, 1e-12 * b));
    }
  }
  const refine = (i: number, sign: 1 | -1): { x: number; fx: number } => {
    const xi = xs[i] ?? 0;
    const a = xs[Math.max(i - 1, 0)] ?? xi;
    const b = xs[Math.min(i + 1, xs.length - 1)] ?? xi;
    if (!(b > a)) return { x: xi, fx: vs[i] ?? 0 };
    const best = goldenMax((x) => sign * pnl(x), a, b);
    return best.fx * sign >= (vs[i] ?? 0) * sign ? { x: best.x, fx: best.fx * sign } : { x: xi, fx: vs[i] ?? 0 };
  };
  const top = refine(iMax, 1);
  const bottom = refine(iMin, -1);
  const exposure = legs.reduce((sum, leg) => sum + Math.abs(leg.quantity * leg.multiplier), 0) + strategy.legs.reduce((sum, leg) => sum + (leg.type === 'stock' ? Math.abs(leg.quantity) : 0), 0);
  const h = hi * 1e-4;
  const upperSlope = (pnl(hi) - pnl(hi - h)) / h;
  const flat = 1e-6 * Math.max(exposure, 1);
  const profitUnbounded = upperSlope > flat;
  const lossUnbounded = upperSlope < -flat;
  const profitRegions = regionsBetween(
    breakevens,
    (lower, upper) => (lower === 0 ? Math.min(lo, upper / 2) : Number.isFinite(upper) ? Math.sqrt(lower * upper) : Math.max(hi, 2 * lower)),
    pnl,
  );
  const vertexPoints = [...new Set([xs[0] ?? lo, ...ks, top.x, bottom.x, xs[xs.length - 1] ?? hi])].sort((a, b) => a - b);
  return {
    method: 'numeric',
    horizon,
    breakevens,
    maxProfit: profitUnbounded ? Number.POSITIVE_INFINITY : top.fx,
    maxProfitUnbounded: profitUnbounded,
    maxLoss: lossUnbounded ? Number.POSITIVE_INFINITY : -bottom.fx,
    maxLossUnbounded: lossUnbounded,
    profitRegions,
    vertices: vertexPoints.map((price) => ({ price, pnl: pnl(price) })),
  };
}

/** Exact analysis for one expiry; numeric analysis at the nearest expiry (needs `market`) otherwise. */
export function analyzePayoff(strategy: Pick<Strategy, 'legs'>, market?: MarketInputs): PayoffAnalysis {
  if (hasSingleExpiry(strategy)) return analyzeExpiryPayoff(strategy);
  if (market === undefined) throw new Error('a strategy with several expiries needs market inputs (S, r, q, model) for its horizon analysis');
  return analyzeHorizonPayoff(strategy, market);
}
