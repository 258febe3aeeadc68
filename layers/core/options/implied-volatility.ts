/**
 * Implied volatility from option prices.
 *
 * - European (BSM / Black-76): Jäckel's "Let's Be Rational" on the undiscounted price (./lets-be-rational),
 *   machine precision wherever the price determines σ (see the tests for the measured errors).
 * - American: Brent's method (R. P. Brent, "Algorithms for Minimization without Derivatives", 1973, ch. 4) on
 *   σ ↦ price(σ) − target, bracketed in [1e-4, 16], with the Leisen–Reimer tree (default, which also takes
 *   cash dividends) or Bjerksund–Stensland 2002 as the pricer. The result is the exact inverse of that pricer,
 *   to 1e-12 in σ; the pricer's own model error (tree discretisation, BS2002 approximation) is not removed.
 *
 * Prices outside the no-arbitrage bounds are reasons, never exceptions. Conventions: ./types.
 */
import { bjerksundStensland2002 } from './american/bjerksund-stensland';
import { treePrice, type CashDividend, type LatticeMethod } from './american/tree';
import { blackImpliedVolatility } from './lets-be-rational';
import { forwardAndDiscount, invalidInputs, type EuropeanInputs, type OptionKind, type Outcome } from './types';

export type EuropeanPriceInputs = Omit<EuropeanInputs, 'sigma'> & { readonly price: number };

/** σ such that the European model price equals `price` (present value). */
export function europeanImpliedVolatility(inputs: EuropeanPriceInputs): Outcome<number> {
  const invalid = invalidInputs(inputs);
  if (invalid !== null) return { ok: false, reason: invalid };
  const { forward, discount } = forwardAndDiscount(inputs);
  return blackImpliedVolatility(inputs.kind, inputs.price / discount, forward, inputs.K, inputs.T);
}

export type AmericanPricer = 'tree' | 'bs2002';

export interface AmericanPriceInputs {
  readonly kind: OptionKind;
  readonly S: number;
  readonly K: number;
  readonly T: number;
  readonly r: number;
  readonly q?: number;
  readonly price: number;
  readonly dividends?: readonly CashDividend[];
  /** Default 'tree' (BS2002 cannot take cash dividends). */
  readonly pricer?: AmericanPricer;
  readonly steps?: number;
  readonly method?: LatticeMethod;
}

export const AMERICAN_IV_BRACKET = { low: 1e-4, high: 16 } as const;

/** American price for a volatility with the chosen pricer. */
export function americanPrice(inputs: Omit<AmericanPriceInputs, 'price'> & { readonly sigma: number }): number {
  const q = inputs.q ?? 0;
  if ((inputs.pricer ?? 'tree') === 'bs2002') {
    return bjerksundStensland2002({ kind: inputs.kind, S: inputs.S, K: inputs.K, T: inputs.T, r: inputs.r, b: inputs.r - q, sigma: inputs.sigma });
  }
  return treePrice({ ...inputs, q });
}

/** σ such that the American price (tree or BS2002) equals `price`. */
export function americanImpliedVolatility(inputs: AmericanPriceInputs): Outcome<number> {
  const invalid = invalidInputs(inputs);
  if (invalid !== null) return { ok: false, reason: invalid };
  if (!(inputs.T > 0)) return { ok: false, reason: 'T must be > 0 for an implied volatility' };
  if (!(Number.isFinite(inputs.price) && inputs.price >= 0)) return { ok: false, reason: 'price must be a finite number ≥ 0' };
  if ((inputs.dividends?.length ?? 0) > 0 && inputs.pricer === 'bs2002') return { ok: false, reason: 'bs2002 cannot take cash dividends; use the tree' };
  const exercise = Math.max(inputs.kind === 'call' ? inputs.S - inputs.K : inputs.K - inputs.S, 0);
  if (inputs.price < exercise) return { ok: false, reason: 'below intrinsic value' };
  const cap = inputs.kind === 'call' ? inputs.S : inputs.K;
  if (inputs.price >= cap) return { ok: false, reason: `at or above the maximum value (${inputs.kind === 'call' ? 'S' : 'K'})` };
  const f = (sigma: number): number => americanPrice({ ...inputs, sigma }) - inputs.price;
  const { high } = AMERICAN_IV_BRACKET;
  // The lowest σ where the pricer is defined (BS2002 overflows for tiny σ): doubling from the bracket's low end.
  let low: number = AMERICAN_IV_BRACKET.low;
  let fLow = f(low);
  while (!Number.isFinite(fLow) && low < 0.05) {
    low *= 2;
    fLow = f(low);
  }
  if (!Number.isFinite(fLow)) return { ok: false, reason: 'the pricer is not defined at low volatility for these inputs' };
  if (fLow >= 0) {
    // Every σ up to some level gives the same price (immediate exercise, or carry alone is worth more).
    return inputs.price === exercise
      ? { ok: false, reason: 'at the exercise value: immediate exercise is optimal, volatility not identifiable' }
      : { ok: false, reason: `at or below the value at σ = ${low}: volatility not identifiable` };
  }
  const fHigh = f(high);
  if (fHigh < 0) return { ok: false, reason: `above the value at σ = ${high}` };
  return { ok: true, value: brent(f, low, high, fLow, fHigh, 1e-12) };
}

/** Brent's root finder on [a, b] with f(a)·f(b) ≤ 0, to an absolute tolerance in x. */
export function brent(f: (x: number) => number, a0: number, b0: number, fa0: number, fb0: number, tol: number, maxIterations = 200): number {
  let a = a0;
  let b = b0;
  let fa = fa0;
  let fb = fb0;
  let c = a;
  let fc = fa;
  let d = b - a;
  let e = d;
  for (let i = 0; i < maxIterations; i += 1) {
    if (fb * fc > 0) {
      c = a;
      fc = fa;
      d = b - a;
      e = d;
    }
    if (Math.abs(fc) < Math.abs(fb)) {
      a = b;
      b = c;
      c = a;
      fa = fb;
      fb = fc;
      fc = fa;
    }
    const tol1 = 2 * Number.EPSILON * Math.abs(b) + 0.5 * tol;
    const xm = 0.5 * (c - b);
    if (Math.abs(xm) <= tol1 || fb === 0) return b;
    if (Math.abs(e) >= tol1 && Math.abs(fa) > Math.abs(fb)) {
      const s = fb / fa;
      let p: number;
      let q: number;
      if (a === c) {
        p = 2 * xm * s;
        q = 1 - s;
      } else {
        const qq = fa / fc;
        const r = fb / fc;
        p = s * (2 * xm * qq * (qq - r) - (b - a) * (r - 1));
        q = (qq - 1) * (r - 1) * (s - 1);
      }
      if (p > 0) q = -q;
      p = Math.abs(p);
      if (2 * p < Math.min(3 * xm * q - Math.abs(tol1 * q), Math.abs(e * q))) {
        e = d;
        d = p / q;
      } else {
        d = xm;
        e = d;
      }
    } else {
      d = xm;
      e = d;
    }
    a = b;
    fa = fb;
    b += Math.abs(d) > tol1 ? d : xm > 0 ? tol1 : -tol1;
    fb = f(b);
  }
  return b;
}
