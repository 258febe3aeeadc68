/**
 * Value and profit/loss of a strategy, at expiry and before it.
 *
 * - At expiry every option is worth its intrinsic value, so with one expiry the P&L is piecewise linear in the
 *   terminal price S_T with kinks at the strikes: P&L(S_T) = Σ qty·mult·(intrinsic − premium) + Σ shares·(S_T − price).
 * - Before expiry each option is priced with the European model (BSM with yield q, or Black-76 where S is the
 *   futures price) at its own implied volatility; stock legs are worth shares·S.
 * - At a horizon (the nearest expiry, for calendars) the legs expiring then are at intrinsic and the later ones
 *   are priced by the model with their remaining time.
 *
 * Every amount is in currency units for the whole position (× quantity × multiplier).
 */
import { europeanPrice } from '../european';
import type { EuropeanModel } from '../types';
import { entryCost, type OptionLeg, type Strategy } from './legs';

/** Market inputs for valuing a strategy before expiry (conventions in ../types). */
export interface MarketInputs {
  /** Spot price (BSM) or futures price (Black-76), > 0. */
  readonly S: number;
  /** Risk-free rate, continuously compounded. */
  readonly r: number;
  /** Continuous dividend yield (BSM only). Default 0. */
  readonly q?: number;
  /** Default 'bsm'. */
  readonly model?: EuropeanModel;
}

/** Value of one option at expiry (per share). */
export function intrinsicValue(leg: Pick<OptionLeg, 'right' | 'strike'>, price: number): number {
  return leg.right === 'call' ? Math.max(price - leg.strike, 0) : Math.max(leg.strike - price, 0);
}

/** P&L of the whole position at a common expiry when the underlying ends at `price` (all options at intrinsic). */
export function pnlAtExpiry(strategy: Pick<Strategy, 'legs'>, price: number): number {
  let pnl = 0;
  for (const leg of strategy.legs) {
    pnl += leg.type === 'option' ? leg.quantity * leg.multiplier * (intrinsicValue(leg, price) - leg.premium) : leg.quantity * (price - leg.price);
  }
  return pnl;
}

/** Per-share model value of an option leg at valuation time `t` (years), intrinsic at or after its expiry. */
export function legModelValue(leg: OptionLeg, market: MarketInputs, t: number, S: number = market.S, volShift = 0): number {
  const T = leg.expiry - t;
  if (T <= 0) return intrinsicValue(leg, S);
  if (leg.iv === undefined) throw new Error(`option leg ${leg.right} ${leg.strike} has no implied volatility; set iv (or fill it with withImpliedVolatilities)`);
  return europeanPrice({ kind: leg.right, model: market.model ?? 'bsm', S, K: leg.strike, T, r: market.r, q: market.q ?? 0, sigma: leg.iv + volShift });
}

/**
 * Mark-to-model value of the position at time `t` (years from the origin) with the underlying at `S`
 * (default market.S); `volShift` moves every leg's IV by the same amount (for vega checks).
 */
export function strategyValue(strategy: Pick<Strategy, 'legs'>, market: MarketInputs, t = 0, S: number = market.S, volShift = 0): number {
  let value = 0;
  for (const leg of strategy.legs) value += leg.type === 'option' ? leg.quantity * leg.multiplier * legModelValue(leg, market, t, S, volShift) : leg.quantity * S;
  return value;
}

/** P&L against the entry cost at time `t` with the underlying at `S`: strategyValue − entryCost. */
export function strategyPnl(strategy: Pick<Strategy, 'legs'>, market: MarketInputs, t = 0, S: number = market.S): number {
  return strategyValue(strategy, market, t, S) - entryCost(strategy);
}
