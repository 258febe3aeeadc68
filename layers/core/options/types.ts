/**
 * Conventions shared by every options module (they are the same everywhere, so they are stated once):
 *
 * - Time `T` is in years, ACT/365: a day is 1/365, an hour 1/(365·24). Theta and charm/colour are per year of
 *   calendar time; "per day" figures divide by 365.
 * - Rates `r` (risk-free) and `q` (dividend yield / foreign rate) are continuously compounded, per year.
 * - Volatility `sigma` is per √year, as a fraction (0.2 = 20 %).
 * - BSM (Black–Scholes–Merton): the underlying is a spot price S with continuous yield q; forward F = S·e^{(r−q)T}.
 * - Black-76: the underlying is a futures/forward price F (given as `S`); q is not used; the option pays at T and
 *   is discounted with e^{−rT}.
 * - Greeks are partial derivatives of the option value with the other inputs held fixed; time derivatives
 *   (theta, charm, colour) are with respect to calendar time t, i.e. −∂/∂T.
 */

/** Call or put. */
export type OptionKind = 'call' | 'put';

/** Pricing model of a European option. */
export type EuropeanModel = 'bsm' | 'black76';

/** Inputs of a European option under BSM (S = spot) or Black-76 (S = futures price). */
export interface EuropeanInputs {
  readonly kind: OptionKind;
  readonly model?: EuropeanModel;
  /** Spot (BSM) or futures price (Black-76), > 0. */
  readonly S: number;
  /** Strike, > 0. */
  readonly K: number;
  /** Time to expiry in years (ACT/365), ≥ 0. */
  readonly T: number;
  /** Risk-free rate, continuously compounded. */
  readonly r: number;
  /** Continuous dividend yield (BSM only; ignored by Black-76). Default 0. */
  readonly q?: number;
  /** Volatility per √year, ≥ 0. */
  readonly sigma: number;
}

/** A value or a per-row failure reason: expected outcomes are values, not exceptions. */
export type Outcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

/** Forward of the underlying and discount factor e^{−rT} for the model. */
export function forwardAndDiscount(inputs: Pick<EuropeanInputs, 'model' | 'S' | 'T' | 'r' | 'q'>): { readonly forward: number; readonly discount: number } {
  const discount = Math.exp(-inputs.r * inputs.T);
  if (inputs.model === 'black76') return { forward: inputs.S, discount };
  return { forward: inputs.S * Math.exp((inputs.r - (inputs.q ?? 0)) * inputs.T), discount };
}

/** Why inputs cannot be priced, or null when they can. */
export function invalidInputs(inputs: { readonly S: number; readonly K: number; readonly T: number; readonly r: number; readonly q?: number; readonly sigma?: number }): string | null {
  if (!(Number.isFinite(inputs.S) && inputs.S > 0)) return 'S must be a positive finite number';
  if (!(Number.isFinite(inputs.K) && inputs.K > 0)) return 'K must be a positive finite number';
  if (!(Number.isFinite(inputs.T) && inputs.T >= 0)) return 'T must be a finite number ≥ 0 (years)';
  if (!Number.isFinite(inputs.r)) return 'r must be finite';
  if (inputs.q !== undefined && !Number.isFinite(inputs.q)) return 'q must be finite';
  if (inputs.sigma !== undefined && !(Number.isFinite(inputs.sigma) && inputs.sigma >= 0)) return 'sigma must be a finite number ≥ 0';
  return null;
}
