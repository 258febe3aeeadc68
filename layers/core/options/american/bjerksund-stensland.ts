/**
 * Bjerksund–Stensland (2002) closed-form approximation of American options: P. Bjerksund & G. Stensland,
 * "Closed Form Valuation of American Options", Working Paper, NHH (2002); formulas as in E. G. Haug,
 * "The Complete Guide to Option Pricing Formulas", 2nd ed. (2007), §3.1.4: a two-step flat exercise
 * boundary (I₁ on [0, t₁], I₂ on [t₁, T], t₁ = ½(√5 − 1)T), valued with the univariate φ and bivariate ψ
 * functions. Puts use the put–call transformation P(S, K, T, r, b, σ) = C(K, S, T, r − b, −b, σ).
 *
 * Generalised cost of carry b: b = r − q for a stock with yield q, b = 0 for an option on a futures price.
 * A call with b ≥ r is never exercised early and gets the European BSM value. Conventions: ../types.
 */
import { bivariateNormCdf } from '../bivariate-normal';
import { europeanPrice } from '../european';
import { normCdf } from '../normal';
import type { OptionKind } from '../types';

export interface BjerksundStenslandInputs {
  readonly kind: OptionKind;
  readonly S: number;
  readonly K: number;
  readonly T: number;
  readonly r: number;
  /** Cost of carry b (r − q for stocks, 0 for futures). */
  readonly b: number;
  readonly sigma: number;
}

function phi(S: number, T: number, gamma: number, H: number, I: number, r: number, b: number, v: number): number {
  const v2 = v * v;
  const lambda = -r + gamma * b + 0.5 * gamma * (gamma - 1) * v2;
  const kappa = (2 * b) / v2 + 2 * gamma - 1;
  const vst = v * Math.sqrt(T);
  const d = -(Math.log(S / H) + (b + (gamma - 0.5) * v2) * T) / vst;
  return Math.exp(lambda * T) * Math.pow(S, gamma) * (normCdf(d) - Math.pow(I / S, kappa) * normCdf(d - (2 * Math.log(I / S)) / vst));
}

function psi(S: number, T2: number, gamma: number, H: number, I2: number, I1: number, t1: number, r: number, b: number, v: number): number {
  const v2 = v * v;
  const drift = b + (gamma - 0.5) * v2;
  const vt1 = v * Math.sqrt(t1);
  const vT2 = v * Math.sqrt(T2);
  const e1 = (Math.log(S / I1) + drift * t1) / vt1;
  const e2 = (Math.log((I2 * I2) / (S * I1)) + drift * t1) / vt1;
  const e3 = (Math.log(S / I1) - drift * t1) / vt1;
  const e4 = (Math.log((I2 * I2) / (S * I1)) - drift * t1) / vt1;
  const f1 = (Math.log(S / H) + drift * T2) / vT2;
  const f2 = (Math.log((I2 * I2) / (S * H)) + drift * T2) / vT2;
  const f3 = (Math.log((I1 * I1) / (S * H)) + drift * T2) / vT2;
  const f4 = (Math.log((S * I1 * I1) / (H * I2 * I2)) + drift * T2) / vT2;
  const rho = Math.sqrt(t1 / T2);
  const lambda = -r + gamma * b + 0.5 * gamma * (gamma - 1) * v2;
  const kappa = (2 * b) / v2 + 2 * gamma - 1;
  return (
    Math.exp(lambda * T2) *
    Math.pow(S, gamma) *
    (bivariateNormCdf(-e1, -f1, rho) -
      Math.pow(I2 / S, kappa) * bivariateNormCdf(-e2, -f2, rho) -
      Math.pow(I1 / S, kappa) * bivariateNormCdf(-e3, -f3, -rho) +
      Math.pow(I1 / I2, kappa) * bivariateNormCdf(-e4, -f4, -rho))
  );
}

function call2002(S: number, K: number, T: number, r: number, b: number, v: number): number {
  if (b >= r) return europeanPrice({ kind: 'call', S, K, T, r, q: r - b, sigma: v });
  const v2 = v * v;
  const t1 = 0.5 * (Math.sqrt(5) - 1) * T;
  const beta = 0.5 - b / v2 + Math.sqrt((b / v2 - 0.5) ** 2 + (2 * r) / v2);
  const bInfinity = (beta / (beta - 1)) * K;
  const b0 = Math.max(K, (r / (r - b)) * K);
  const ht1 = (-(b * t1 + 2 * v * Math.sqrt(t1)) * K * K) / ((bInfinity - b0) * b0);
  const ht2 = (-(b * T + 2 * v * Math.sqrt(T)) * K * K) / ((bInfinity - b0) * b0);
  const I1 = b0 + (bInfinity - b0) * (1 - Math.exp(ht1));
  const I2 = b0 + (bInfinity - b0) * (1 - Math.exp(ht2));
  if (S >= I2) return S - K;
  const alpha1 = (I1 - K) * Math.pow(I1, -beta);
  const alpha2 = (I2 - K) * Math.pow(I2, -beta);
  return (
    alpha2 * Math.pow(S, beta) -
    alpha2 * phi(S, t1, beta, I2, I2, r, b, v) +
    phi(S, t1, 1, I2, I2, r, b, v) -
    phi(S, t1, 1, I1, I2, r, b, v) -
    K * phi(S, t1, 0, I2, I2, r, b, v) +
    K * phi(S, t1, 0, I1, I2, r, b, v) +
    alpha1 * phi(S, t1, beta, I1, I2, r, b, v) -
    alpha1 * psi(S, T, beta, I1, I2, I1, t1, r, b, v) +
    psi(S, T, 1, I1, I2, I1, t1, r, b, v) -
    psi(S, T, 1, K, I2, I1, t1, r, b, v) -
    K * psi(S, T, 0, I1, I2, I1, t1, r, b, v) +
    K * psi(S, T, 0, K, I2, I1, t1, r, b, v)
  );
}

/**
 * American option value by Bjerksund–Stensland 2002 (T > 0, σ > 0); never below the immediate-exercise value.
 * Accuracy against a converged lattice: see the tests (typically a few 1e-3 of the price).
 */
export function bjerksundStensland2002(inputs: BjerksundStenslandInputs): number {
  const { kind, S, K, T, r, b, sigma } = inputs;
  const intrinsic = Math.max(kind === 'call' ? S - K : K - S, 0);
  if (!(T > 0 && sigma > 0)) return intrinsic;
  const value = kind === 'call' ? call2002(S, K, T, r, b, sigma) : call2002(K, S, T, r - b, -b, sigma);
  return Math.max(value, intrinsic);
}
