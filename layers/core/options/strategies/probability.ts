/**
 * Probability of profit at the horizon under a lognormal terminal price:
 * ln S_T ~ N(ln S0 + (μ − σ²/2)·T, σ²·T), so E[S_T] = S0·e^{μT}. The risk-neutral drift is μ = r − q under BSM
 * and μ = 0 under Black-76 (a futures price is a martingale); a real-world drift can be given instead.
 * P(S_T ∈ (a, b)) = Φ(z(b)) − Φ(z(a)) with z(x) = (ln(x/S0) − (μ − σ²/2)T)/(σ√T), summed over the profit regions
 * (./breakevens), which is exact up to Φ's own accuracy (../normal, near machine precision).
 */
import { normCdf } from '../normal';
import type { PriceInterval } from './breakevens';
import type { MarketInputs } from './payoff';

export interface TerminalDistribution {
  /** Current price of the underlying. */
  readonly S: number;
  /** Volatility per √year of the terminal price. */
  readonly sigma: number;
  /** Years to the horizon. */
  readonly T: number;
  /** Drift μ per year of the price (E[S_T] = S·e^{μT}). */
  readonly drift: number;
}

/** The risk-neutral drift: r − q under BSM, 0 under Black-76. */
export function riskNeutralDrift(market: MarketInputs): number {
  return market.model === 'black76' ? 0 : market.r - (market.q ?? 0);
}

/** P(lower < S_T < upper) under the lognormal law; upper may be Infinity and lower 0. */
export function probabilityInInterval(interval: PriceInterval, dist: TerminalDistribution): number {
  const { S, sigma, T, drift } = dist;
  if (!(T > 0 && sigma > 0)) {
    // Degenerate: S_T = S·e^{μT} with certainty.
    const x = S * Math.exp(drift * T);
    return x > interval.lower && x < interval.upper ? 1 : 0;
  }
  const sd = sigma * Math.sqrt(T);
  const mean = (drift - 0.5 * sigma * sigma) * T;
  const z = (x: number): number => (Math.log(x / S) - mean) / sd;
  const upper = Number.isFinite(interval.upper) ? z(interval.upper) : Number.POSITIVE_INFINITY;
  const lower = interval.lower > 0 ? z(interval.lower) : Number.NEGATIVE_INFINITY;
  // Φ(b) − Φ(a) = Φ(−a) − Φ(−b): evaluate on the side where both tails are small to keep relative accuracy.
  if (lower > 0) return normCdf(-lower) - (upper === Number.POSITIVE_INFINITY ? 0 : normCdf(-upper));
  return (upper === Number.POSITIVE_INFINITY ? 1 : normCdf(upper)) - (lower === Number.NEGATIVE_INFINITY ? 0 : normCdf(lower));
}

/** Probability that S_T lands in one of the (disjoint) profit regions. */
export function probabilityOfProfit(regions: readonly PriceInterval[], dist: TerminalDistribution): number {
  let p = 0;
  for (const region of regions) p += probabilityInInterval(region, dist);
  return Math.min(Math.max(p, 0), 1);
}
