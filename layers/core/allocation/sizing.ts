/**
 * Position sizing rules (pure numbers; turning a quantity into an exact order is the portfolio
 * room's job): fixed-fractional risk per trade, volatility targeting, fractional Kelly with caps.
 */

/** Fixed-fractional sizing result. */
export interface FixedFractionalSize {
  /** Whole units (rounded DOWN to the lot size), ≥ 0. */
  readonly quantity: number;
  /** Money lost if the stop is hit: quantity · |entry − stop|. */
  readonly riskAmount: number;
  readonly notional: number;
  /** Which limit set the size. */
  readonly limitedBy: 'risk' | 'max-notional';
}

/**
 * Fixed fractional (fixed-risk) sizing: risk a fraction f of equity between entry and stop:
 * quantity = ⌊f·equity / |entry − stop| / lot⌋·lot, also capped by maxNotional / entry.
 * Throws RangeError on non-positive equity/prices or entry = stop.
 */
export function fixedFractionalSize(input: {
  readonly equity: number;
  readonly riskFraction: number;
  readonly entryPrice: number;
  readonly stopPrice: number;
  readonly maxNotional?: number;
  readonly lotSize?: number;
}): FixedFractionalSize {
  const { equity, riskFraction, entryPrice, stopPrice } = input;
  const lot = input.lotSize ?? 1;
  if (!(equity > 0) || !(entryPrice > 0) || !(stopPrice > 0) || !(lot > 0)) throw new RangeError('equity, prices and lot size must be positive');
  if (!(riskFraction >= 0 && riskFraction <= 1)) throw new RangeError('riskFraction must lie in [0, 1]');
  const perUnit = Math.abs(entryPrice - stopPrice);
  if (!(perUnit > 0)) throw new RangeError('entry and stop must differ');
  const byRisk = Math.floor((riskFraction * equity) / perUnit / lot + 1e-9) * lot;
  const byNotional = input.maxNotional === undefined ? Infinity : Math.floor(input.maxNotional / entryPrice / lot + 1e-9) * lot;
  const quantity = Math.max(0, Math.min(byRisk, byNotional));
  return { quantity, riskAmount: quantity * perUnit, notional: quantity * entryPrice, limitedBy: byNotional < byRisk ? 'max-notional' : 'risk' };
}

/**
 * Volatility targeting: weight = targetVol / forecastVol, capped at maxLeverage (and floored at 0).
 * Both volatilities in the same units (e.g. annualised). A zero forecast gives the cap.
 */
export function volatilityTargetWeight(input: { readonly targetVolatility: number; readonly forecastVolatility: number; readonly maxLeverage?: number }): number {
  const cap = input.maxLeverage ?? 1;
  if (!(input.targetVolatility >= 0) || !(input.forecastVolatility >= 0) || !(cap >= 0)) throw new RangeError('volatilities and leverage cap must be ≥ 0');
  if (input.forecastVolatility === 0) return cap;
  return Math.min(cap, input.targetVolatility / input.forecastVolatility);
}

/** An estimated edge: from a return distribution, or from win/loss trade statistics. */
export type Edge =
  | {
      readonly kind: 'returns';
      /** Mean return per period. */
      readonly mean: number;
      /** Standard deviation per period (> 0). */
      readonly sd: number;
      /** Risk-free return per period; default 0. */
      readonly riskFree?: number;
      /** Observations behind the estimate; with `haircutStdErrors` the mean is cut by k·sd/√n. */
      readonly observations?: number;
    }
  | {
      readonly kind: 'binary';
      /** Probability of a winning trade p. */
      readonly winProbability: number;
      /** Average win / average loss b (> 0). */
      readonly payoffRatio: number;
    };

/** Kelly sizing result. */
export interface KellySize {
  /** The full-Kelly fraction f* (may be negative: no edge, or a short edge). */
  readonly fullKelly: number;
  /** The fraction to use: λ·f*, then floored at 0 (unless allowShort) and capped at ±maxFraction. */
  readonly fraction: number;
  /** True when the cap (or the long-only floor) changed λ·f*. */
  readonly capped: boolean;
  /** The edge used after the haircut (per period mean excess return, or p·b − q). */
  readonly edgeUsed: number;
}

/**
 * Fractional Kelly. Returns edge: f* = (μ − rf)/σ² (the continuous-time / Gaussian growth-optimal
 * leverage; Thorp 2006), with μ optionally cut by k standard errors (k·σ/√n) for estimation error.
 * Binary edge: f* = p − (1 − p)/b (Kelly 1956). Then λ·f* (default λ = 0.5, "half Kelly"), capped.
 */
export function fractionalKelly(
  edge: Edge,
  options: { readonly fraction?: number; readonly maxFraction?: number; readonly allowShort?: boolean; readonly haircutStdErrors?: number } = {},
): KellySize {
  const lambda = options.fraction ?? 0.5;
  const cap = options.maxFraction ?? 1;
  if (!(lambda >= 0 && lambda <= 1) || !(cap >= 0)) throw new RangeError('fraction must lie in [0, 1] and maxFraction be ≥ 0');
  let fullKelly: number;
  let edgeUsed: number;
  if (edge.kind === 'returns') {
    if (!(edge.sd > 0)) throw new RangeError('sd must be positive');
    const k = options.haircutStdErrors ?? 0;
    const se = k > 0 ? (k * edge.sd) / Math.sqrt(edge.observations ?? Number.NaN) : 0;
    if (k > 0 && !(edge.observations !== undefined && edge.observations > 0)) throw new RangeError('haircutStdErrors needs observations');
    const excess = edge.mean - (edge.riskFree ?? 0);
    // The haircut shrinks the edge towards zero from either side.
    edgeUsed = Math.sign(excess) * Math.max(0, Math.abs(excess) - se);
    fullKelly = edgeUsed / (edge.sd * edge.sd);
  } else {
    const p = edge.winProbability;
    if (!(p >= 0 && p <= 1) || !(edge.payoffRatio > 0)) throw new RangeError('winProbability must lie in [0, 1] and payoffRatio be positive');
    edgeUsed = p * edge.payoffRatio - (1 - p);
    fullKelly = p - (1 - p) / edge.payoffRatio;
  }
  const raw = lambda * fullKelly;
  const floor = options.allowShort === true ? -cap : 0;
  const fraction = Math.min(cap, Math.max(floor, raw));
  return { fullKelly, fraction, capped: fraction !== raw, edgeUsed };
}
