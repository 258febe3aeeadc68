/**
 * Positions and their FULL revaluation under a market move (spot, implied volatility, rates, time):
 * options are repriced with Black–Scholes–Merton at the shocked inputs (not a delta or
 * delta-gamma approximation), bonds by duration and convexity, stocks linearly.
 * Values and P&L are in money (price units × quantity × multiplier), as `number` (risk grade).
 */
import { europeanPrice, type OptionKind } from '../options';

/** A stock, ETF or index position: value = quantity · spot. */
export interface LinearPosition {
  readonly kind: 'linear';
  readonly id: string;
  readonly underlying: string;
  /** Signed units (negative = short). */
  readonly quantity: number;
}

/** A European option on an underlying, valued with BSM (continuous yield). */
export interface OptionPosition {
  readonly kind: 'option';
  readonly id: string;
  readonly underlying: string;
  /** Signed contracts (negative = written). */
  readonly quantity: number;
  /** Units of underlying per contract; default 100 (US equity options). */
  readonly multiplier?: number;
  readonly type: OptionKind;
  readonly strike: number;
  /** Years to expiry (ACT/365). */
  readonly expiryYears: number;
  /** Implied volatility per √year today. */
  readonly sigma: number;
  /** Risk-free rate, continuously compounded. */
  readonly rate: number;
  readonly dividendYield?: number;
}

/** A bond (or bond fund) position priced by modified duration and convexity: ΔP/P = −D·Δy + ½·C·Δy². */
export interface BondPosition {
  readonly kind: 'bond';
  readonly id: string;
  /** Current market value in money (signed). */
  readonly marketValue: number;
  /** Modified duration in years. */
  readonly modifiedDuration: number;
  /** Convexity in years²; default 0. */
  readonly convexity?: number;
}

/** Any position the risk room can revalue. */
export type Position = LinearPosition | OptionPosition | BondPosition;

/** A portfolio: positions plus today's spot price of every underlying they reference. */
export interface Portfolio {
  readonly positions: readonly Position[];
  readonly spots: Readonly<Record<string, number>>;
}

/** A per-underlying figure, or one figure for every underlying. */
export type PerUnderlying = number | Readonly<Record<string, number>>;

/**
 * A market move applied at once (a scenario). Every field is optional: an empty move is "no change".
 * σ' = max(0, σ·(1 + volScale) + volShift); r' = r + rateShift; T' = max(0, T − elapsedYears).
 */
export interface MarketMove {
  /** Simple return of each underlying's spot (missing underlyings do not move). */
  readonly spotReturns?: PerUnderlying;
  /** Absolute change of implied volatility (0.05 = +5 vol points). */
  readonly volShift?: PerUnderlying;
  /** Relative change of implied volatility (0.5 = vol × 1.5). */
  readonly volScale?: PerUnderlying;
  /** Parallel change of interest rates and bond yields, as a fraction (0.02 = +200 bp). */
  readonly rateShift?: number;
  /** Time that passes, in years (theta); default 0 (an instantaneous shock). */
  readonly elapsedYears?: number;
}

const pick = (value: PerUnderlying | undefined, underlying: string): number =>
  value === undefined ? 0 : typeof value === 'number' ? value : (value[underlying] ?? 0);

function spotOf(portfolio: Portfolio, underlying: string): number {
  const s = portfolio.spots[underlying];
  if (s === undefined || !(s > 0)) throw new RangeError(`no positive spot for underlying ${underlying}`);
  return s;
}

/** Value of one position after `move` (pass `{}` for today's value). Throws when a spot is missing. */
export function positionValue(position: Position, portfolio: Portfolio, move: MarketMove = {}): number {
  switch (position.kind) {
    case 'linear':
      return position.quantity * spotOf(portfolio, position.underlying) * (1 + pick(move.spotReturns, position.underlying));
    case 'bond': {
      const dy = move.rateShift ?? 0;
      return position.marketValue * (1 - position.modifiedDuration * dy + 0.5 * (position.convexity ?? 0) * dy * dy);
    }
    case 'option': {
      const u = position.underlying;
      const S = spotOf(portfolio, u) * (1 + pick(move.spotReturns, u));
      const sigma = Math.max(0, position.sigma * (1 + pick(move.volScale, u)) + pick(move.volShift, u));
      const T = Math.max(0, position.expiryYears - (move.elapsedYears ?? 0));
      const price =
        S > 0
          ? europeanPrice({ kind: position.type, model: 'bsm', S, K: position.strike, T, r: position.rate + (move.rateShift ?? 0), q: position.dividendYield ?? 0, sigma })
          : position.type === 'put'
            ? position.strike * Math.exp(-(position.rate + (move.rateShift ?? 0)) * T)
            : 0; // spot wiped out: call worthless, put worth the discounted strike
      return position.quantity * (position.multiplier ?? 100) * price;
    }
  }
}

/** Portfolio value after `move`. */
export function portfolioValue(portfolio: Portfolio, move: MarketMove = {}): number {
  let v = 0;
  for (const p of portfolio.positions) v += positionValue(p, portfolio, move);
  return v;
}

/** P&L of each position and the total under one move (full revaluation). */
export function revaluePortfolio(portfolio: Portfolio, move: MarketMove): { readonly pnl: number; readonly byPosition: Readonly<Record<string, number>> } {
  const byPosition: Record<string, number> = {};
  let pnl = 0;
  for (const p of portfolio.positions) {
    const d = positionValue(p, portfolio, move) - positionValue(p, portfolio);
    byPosition[p.id] = (byPosition[p.id] ?? 0) + d;
    pnl += d;
  }
  return { pnl, byPosition };
}

/** Total P&L under each move (base values computed once). */
export function scenarioPnL(portfolio: Portfolio, moves: readonly MarketMove[]): Float64Array {
  const base = portfolioValue(portfolio);
  return Float64Array.from(moves, (m) => portfolioValue(portfolio, m) - base);
}
