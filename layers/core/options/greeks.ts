/**
 * Closed-form Greeks of European options under BSM (continuous yield q) and Black-76, first and second
 * order, in the generalised cost-of-carry form (E. G. Haug, "The Complete Guide to Option Pricing Formulas",
 * 2nd ed., 2007, ch. 2): b = r − q for BSM, b = 0 for Black-76 (S is then the futures price).
 *
 * Units (every figure is a plain partial derivative; conventions in ./types):
 * - delta ∂V/∂S per 1 unit of the underlying; gamma ∂²V/∂S² per unit²; speed ∂³V/∂S³ per unit³.
 * - vega ∂V/∂σ per 1.0 of volatility (σ from 0.20 to 1.20); `vegaPct` per 1 volatility point (0.01).
 * - theta ∂V/∂t per year of calendar time (= −∂V/∂T); `thetaPerDay` = theta / 365.
 * - rho ∂V/∂r per 1.0 (100 %) of rate; `rhoPct` per 1 % (0.01). BSM holds S and q fixed (rho = ±K·T·e^{−rT}·Φ(±d2));
 *   Black-76 holds the futures price fixed (rho = −T·V).
 * - dividendRho ∂V/∂q per 1.0, `dividendRhoPct` per 1 %; 0 under Black-76, where the futures price does not
 *   depend on a yield.
 * - vanna ∂²V/∂S∂σ (per unit per 1.0 vol); volga ∂²V/∂σ² (per 1.0 vol²); charm ∂Δ/∂t (per year);
 *   colour ∂Γ/∂t (per unit² per year); zomma ∂Γ/∂σ (per unit² per 1.0 vol).
 */
import { europeanPrice } from './european';
import { normCdf, normPdf } from './normal';
import type { EuropeanInputs } from './types';

/** First- and second-order Greeks of one European option; units in the module comment. */
export interface Greeks {
  readonly price: number;
  readonly delta: number;
  readonly gamma: number;
  /** ∂V/∂σ per 1.0 of volatility. */
  readonly vega: number;
  /** Vega per 1 volatility point (0.01). */
  readonly vegaPct: number;
  /** ∂V/∂t per year. */
  readonly theta: number;
  /** Theta per calendar day (÷ 365). */
  readonly thetaPerDay: number;
  /** ∂V/∂r per 1.0. */
  readonly rho: number;
  /** Rho per 1 % (0.01). */
  readonly rhoPct: number;
  /** ∂V/∂q per 1.0. */
  readonly dividendRho: number;
  /** Dividend rho per 1 % (0.01). */
  readonly dividendRhoPct: number;
  readonly vanna: number;
  readonly volga: number;
  /** ∂Δ/∂t per year. */
  readonly charm: number;
  readonly speed: number;
  /** ∂Γ/∂t per year. */
  readonly colour: number;
  readonly zomma: number;
}

/**
 * Greeks for T > 0 and σ > 0 (at T = 0 or σ = 0 the derivatives are not defined at the strike; the function
 * then returns NaN for every Greek but the price).
 */
export function europeanGreeks(inputs: EuropeanInputs): Greeks {
  const { kind, S, K, T, r, sigma } = inputs;
  const black76 = inputs.model === 'black76';
  const q = black76 ? r : (inputs.q ?? 0);
  const b = r - q; // cost of carry
  const price = europeanPrice(inputs);
  if (!(T > 0 && sigma > 0)) {
    const nan = Number.NaN;
    return {
      price, delta: nan, gamma: nan, vega: nan, vegaPct: nan, theta: nan, thetaPerDay: nan, rho: nan, rhoPct: nan,
      dividendRho: nan, dividendRhoPct: nan, vanna: nan, volga: nan, charm: nan, speed: nan, colour: nan, zomma: nan,
    };
  }
  const sqrtT = Math.sqrt(T);
  const vst = sigma * sqrtT;
  const d1 = (Math.log(S / K) + (b + 0.5 * sigma * sigma) * T) / vst;
  const d2 = d1 - vst;
  const carry = Math.exp((b - r) * T); // e^{−qT}
  const discount = Math.exp(-r * T);
  const nd1 = normPdf(d1);
  const call = kind === 'call';
  const sign = call ? 1 : -1;
  const Nd1 = normCdf(sign * d1); // Φ(d1) for calls, Φ(−d1) for puts
  const Nd2 = normCdf(sign * d2);

  const delta = sign * carry * Nd1;
  const gamma = (carry * nd1) / (S * vst);
  const vega = S * carry * nd1 * sqrtT;
  const theta = (-S * carry * nd1 * sigma) / (2 * sqrtT) - sign * (b - r) * S * carry * Nd1 - sign * r * K * discount * Nd2;
  const rho = black76 ? -T * price : sign * K * T * discount * Nd2;
  const dividendRho = black76 ? 0 : -sign * T * S * carry * Nd1;
  const vanna = (-carry * nd1 * d2) / sigma;
  const volga = (vega * d1 * d2) / sigma;
  const charm = -carry * (nd1 * (b / vst - d2 / (2 * T)) + sign * (b - r) * Nd1);
  const speed = (-gamma / S) * (1 + d1 / vst);
  const colour = gamma * (r - b + (b * d1) / vst + (1 - d1 * d2) / (2 * T));
  const zomma = (gamma * (d1 * d2 - 1)) / sigma;
  return {
    price,
    delta,
    gamma,
    vega,
    vegaPct: vega / 100,
    theta,
    thetaPerDay: theta / 365,
    rho,
    rhoPct: rho / 100,
    dividendRho,
    dividendRhoPct: dividendRho / 100,
    vanna,
    volga,
    charm,
    speed,
    colour,
    zomma,
  };
}
