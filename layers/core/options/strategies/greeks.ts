/**
 * Position Greeks of a strategy: Σ over option legs of the closed-form Greek (../greeks) × quantity × multiplier,
 * plus the stock legs, whose delta is 1 per share (every other Greek of a share is 0 with S held fixed).
 * Units follow ../greeks but for the whole position in currency: delta in currency per 1 unit of the underlying
 * (equivalently, share-equivalents), gamma per unit², vega per 1.0 of volatility applied to every leg's IV at once
 * (vegaPct per 1 point), theta per year of calendar time (thetaPerDay ÷ 365), rho per 1.0 of rate (rhoPct per 1 %).
 * Legs already expired at `t` contribute their intrinsic value and no Greeks.
 */
import { europeanGreeks } from '../greeks';
import type { Strategy } from './legs';
import { intrinsicValue, type MarketInputs } from './payoff';

export interface PositionGreeks {
  /** Mark-to-model value of the position (currency). */
  readonly value: number;
  readonly delta: number;
  readonly gamma: number;
  readonly vega: number;
  readonly vegaPct: number;
  readonly theta: number;
  readonly thetaPerDay: number;
  readonly rho: number;
  readonly rhoPct: number;
  readonly dividendRho: number;
}

/** Aggregate Greeks at valuation time `t` (years from the origin); every live option leg needs an IV. */
export function strategyGreeks(strategy: Pick<Strategy, 'legs'>, market: MarketInputs, t = 0): PositionGreeks {
  let value = 0;
  let delta = 0;
  let gamma = 0;
  let vega = 0;
  let theta = 0;
  let rho = 0;
  let dividendRho = 0;
  for (const leg of strategy.legs) {
    if (leg.type === 'stock') {
      value += leg.quantity * market.S;
      delta += leg.quantity;
      continue;
    }
    const n = leg.quantity * leg.multiplier;
    const T = leg.expiry - t;
    if (T <= 0) {
      value += n * intrinsicValue(leg, market.S);
      continue;
    }
    if (leg.iv === undefined) throw new Error(`option leg ${leg.right} ${leg.strike} has no implied volatility; set iv (or fill it with withImpliedVolatilities)`);
    const g = europeanGreeks({ kind: leg.right, model: market.model ?? 'bsm', S: market.S, K: leg.strike, T, r: market.r, q: market.q ?? 0, sigma: leg.iv });
    value += n * g.price;
    delta += n * g.delta;
    gamma += n * g.gamma;
    vega += n * g.vega;
    theta += n * g.theta;
    rho += n * g.rho;
    dividendRho += n * g.dividendRho;
  }
  return { value, delta, gamma, vega, vegaPct: vega / 100, theta, thetaPerDay: theta / 365, rho, rhoPct: rho / 100, dividendRho };
}
