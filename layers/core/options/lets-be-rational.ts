/**
 * Implied Black volatility by P. Jäckel, "Let's Be Rational", Wilmott (2015) 40–53 (the revised 2016 text at
 * www.jaeckel.org): the normalised price β is split into four segments by the points b_l < b_c < b_h; on each
 * an initial guess comes from a rational cubic interpolation of a transformed Black function (for the
 * lowest and highest segments of f_l(β) and f_u(β), whose inverses are closed forms), and then at most two
 * Householder steps of third order on an objective chosen per segment (1/ln b − 1/ln β, b − β, or
 * ln((b_max − β)/(b_max − b))) reach machine precision. Written in TypeScript from the paper and the structure
 * of Jäckel's reference C++ (www.jaeckel.org/LetsBeRational.7z; also vollib's py_lets_be_rational), with the
 * same constants and region thresholds. Conventions: ./types.
 */
import { DBL_EPSILON, normalisedBlackCall, normalisedIntrinsic, normalisedVega } from './black';
import { inverseNormCdf, normCdf, normPdf } from './normal';
import { convexControlToFitSecondDerivativeLeft, convexControlToFitSecondDerivativeRight, rationalCubicInterpolation } from './rational-cubic';
import type { OptionKind, Outcome } from './types';

const DBL_MIN = 2.2250738585072014e-308;
const DBL_MAX = Number.MAX_VALUE;
const SQRT_DBL_MAX = Math.sqrt(DBL_MAX);
const SQRT_THREE = 1.732050807568877293527446341505872366942805253810;
const SQRT_ONE_OVER_THREE = 0.577350269189625764509148780501957455647601751270;
const TWO_PI = 6.283185307179586476925286766559005768394338798750;
const TWO_PI_OVER_SQRT_TWENTY_SEVEN = 1.209199576156145233729385505094770488189377498728;
const PI_OVER_SIX = 0.523598775598298873077107230546583814032861566563;
const SQRT_PI_OVER_TWO = 1.253314137315500251207882642405522626503493370305;

/** Householder steps after the rational initial guess (Jäckel: two suffice for full double precision). */
export const LBR_DEFAULT_ITERATIONS = 2;

const sq = (x: number): number => x * x;

function householderFactor(newton: number, halley: number, hh3: number): number {
  return (1 + 0.5 * halley * newton) / (1 + newton * (halley + (hh3 * newton) / 6));
}

/** f_l(β) and its first two derivatives with respect to β at s (lowest segment's transform). */
function lowerMap(x: number, s: number): { f: number; fp: number; fpp: number } {
  const ax = Math.abs(x);
  const z = (SQRT_ONE_OVER_THREE * ax) / s;
  const y = z * z;
  const s2 = s * s;
  const Phi = normCdf(-z);
  const phi = normPdf(z);
  const fpp = ((PI_OVER_SIX * y) / (s2 * s)) * Phi * (8 * SQRT_THREE * s * ax + ((3 * s2 * (s2 - 8) - 8 * x * x) * Phi) / phi) * Math.exp(2 * y + 0.25 * s2);
  if (s === 0) return { f: 0, fp: 1, fpp };
  const Phi2 = Phi * Phi;
  const fp = TWO_PI * y * Phi2 * Math.exp(y + 0.125 * s * s);
  const f = x === 0 ? 0 : TWO_PI_OVER_SQRT_TWENTY_SEVEN * ax * (Phi2 * Phi);
  return { f, fp, fpp };
}

function inverseLowerMap(x: number, f: number): number {
  return f === 0 ? 0 : Math.abs(x / (SQRT_THREE * inverseNormCdf(Math.pow(f / (TWO_PI_OVER_SQRT_TWENTY_SEVEN * Math.abs(x)), 1 / 3))));
}

/** f_u(β) = Φ(−s/2) and its first two derivatives with respect to β (highest segment's transform). */
function upperMap(x: number, s: number): { f: number; fp: number; fpp: number } {
  const f = normCdf(-0.5 * s);
  if (x === 0) return { f, fp: -0.5, fpp: 0 };
  const w = sq(x / s);
  return { f, fp: -0.5 * Math.exp(0.5 * w), fpp: (SQRT_PI_OVER_TWO * Math.exp(w + 0.125 * s * s) * w) / s };
}

const inverseUpperMap = (f: number): number => -2 * inverseNormCdf(f);

/**
 * Normalised implied volatility s = σ√T for an out-of-the-money-mapped normalised price. `beta` is the
 * normalised price of the option of type θ at log-moneyness x = ln(F/K). Returns 0 for β ≤ 0 and +∞ for
 * β ≥ b_max (callers check the bounds first).
 */
export function normalisedImpliedVolatility(betaIn: number, xIn: number, thetaIn: 1 | -1, maxIterations = LBR_DEFAULT_ITERATIONS): number {
  let beta = betaIn;
  let x = xIn;
  let theta = thetaIn;
  // Subtract the intrinsic value: in-the-money → out-of-the-money.
  if (theta * x > 0) {
    beta = Math.abs(Math.max(beta - normalisedIntrinsic(x, theta), 0));
    theta = -theta as 1 | -1;
  }
  // Puts → calls by the reciprocal-strike symmetry.
  if (theta < 0) {
    x = -x;
    theta = 1;
  }
  if (beta <= 0) return 0;
  const bMax = Math.exp(0.5 * x);
  if (beta >= bMax) return Number.POSITIVE_INFINITY;

  let iterations = 0;
  let directionReversals = 0;
  let f = -DBL_MAX;
  let s = -DBL_MAX;
  let ds = s;
  let dsPrevious = 0;
  let sLeft = DBL_MIN;
  let sRight = DBL_MAX;
  const sC = Math.sqrt(Math.abs(2 * x));
  const bC = normalisedBlackCall(x, sC);
  const vC = normalisedVega(x, sC);

  /** Returns true when the bracket has collapsed (stop iterating). */
  const bracketGuard = (): boolean => {
    if (dsPrevious * ds < 0) directionReversals += 1; // (ds, dsPrevious) compared before the update, as in the reference
    if (iterations > 0 && (directionReversals === 3 || !(s > sLeft && s < sRight))) {
      // Looping or leaving the bracket (only for extreme |x|): fall back to bisection.
      s = 0.5 * (sLeft + sRight);
      if (sRight - sLeft <= DBL_EPSILON * s) return true;
      directionReversals = 0;
      ds = 0;
    }
    dsPrevious = ds;
    return false;
  };

  if (beta < bC) {
    const sL = sC - bC / vC;
    const bL = normalisedBlackCall(x, sL);
    if (beta < bL) {
      const lower = lowerMap(x, sL);
      const rLL = convexControlToFitSecondDerivativeRight(0, bL, 0, lower.f, 1, lower.fp, lower.fpp, true);
      f = rationalCubicInterpolation(beta, 0, bL, 0, lower.f, 1, lower.fp, rLL);
      if (!(f > 0)) {
        // Round-off for extreme |x|: quadratic through f(0) = 0, f(b_l), f'(0) = 1.
        const t = beta / bL;
        f = (lower.f * t + bL * (1 - t)) * t;
      }
      s = inverseLowerMap(x, f);
      sRight = sL;
      // Lowest segment: g(s) = 1/ln b(s) − 1/ln β.
      while (iterations < maxIterations && Math.abs(ds) > DBL_EPSILON * s) {
        if (bracketGuard()) break;
        const b = normalisedBlackCall(x, s);
        const bp = normalisedVega(x, s);
        if (b > beta && s < sRight) sRight = s;
        else if (b < beta && s > sLeft) sLeft = s;
        if (b <= 0 || bp <= 0) {
          ds = 0.5 * (sLeft + sRight) - s; // underflow: bisect
        } else {
          const lnB = Math.log(b);
          const lnBeta = Math.log(beta);
          const bpob = bp / b;
          const h = x / s;
          const bHalley = (h * h) / s - s / 4;
          const newton = (((lnBeta - lnB) * lnB) / lnBeta) / bpob;
          const halley = bHalley - bpob * (1 + 2 / lnB);
          const bHh3 = bHalley * bHalley - 3 * sq(h / s) - 0.25;
          const hh3 = bHh3 + 2 * sq(bpob) * (1 + (3 / lnB) * (1 + 1 / lnB)) - 3 * bHalley * bpob * (1 + 2 / lnB);
          ds = newton * householderFactor(newton, halley, hh3);
        }
        ds = Math.max(-0.5 * s, ds);
        s += ds;
        iterations += 1;
      }
      return s;
    }
    const vL = normalisedVega(x, sL);
    const rLM = convexControlToFitSecondDerivativeRight(bL, bC, sL, sC, 1 / vL, 1 / vC, 0, false);
    s = rationalCubicInterpolation(beta, bL, bC, sL, sC, 1 / vL, 1 / vC, rLM);
    sLeft = sL;
    sRight = sC;
  } else {
    const sH = vC > DBL_MIN ? sC + (bMax - bC) / vC : sC;
    const bH = normalisedBlackCall(x, sH);
    if (beta <= bH) {
      const vH = normalisedVega(x, sH);
      const rHM = convexControlToFitSecondDerivativeLeft(bC, bH, sC, sH, 1 / vC, 1 / vH, 0, false);
      s = rationalCubicInterpolation(beta, bC, bH, sC, sH, 1 / vC, 1 / vH, rHM);
      sLeft = sC;
      sRight = sH;
    } else {
      const upper = upperMap(x, sH);
      if (upper.fpp > -SQRT_DBL_MAX && upper.fpp < SQRT_DBL_MAX) {
        const rHH = convexControlToFitSecondDerivativeLeft(bH, bMax, upper.f, 0, upper.fp, -0.5, upper.fpp, true);
        f = rationalCubicInterpolation(beta, bH, bMax, upper.f, 0, upper.fp, -0.5, rHH);
      }
      if (f <= 0) {
        // Quadratic through f(b_h), f(b_max) = 0 and f'(b_max) = −1/2.
        const h = bMax - bH;
        const t = (beta - bH) / h;
        f = (upper.f * (1 - t) + 0.5 * h * t) * (1 - t);
      }
      s = inverseUpperMap(f);
      sLeft = sH;
      if (beta > 0.5 * bMax) {
        // Highest segment: g(s) = ln((b_max − β)/(b_max − b(s))).
        while (iterations < maxIterations && Math.abs(ds) > DBL_EPSILON * s) {
          if (bracketGuard()) break;
          const b = normalisedBlackCall(x, s);
          const bp = normalisedVega(x, s);
          if (b > beta && s < sRight) sRight = s;
          else if (b < beta && s > sLeft) sLeft = s;
          if (b >= bMax || bp <= DBL_MIN) {
            ds = 0.5 * (sLeft + sRight) - s;
          } else {
            const bMaxMinusB = bMax - b;
            const g = Math.log((bMax - beta) / bMaxMinusB);
            const gp = bp / bMaxMinusB;
            const bHalley = sq(x / s) / s - s / 4;
            const bHh3 = bHalley * bHalley - 3 * sq(x / (s * s)) - 0.25;
            const newton = -g / gp;
            const halley = bHalley + gp;
            const hh3 = bHh3 + gp * (2 * gp + 3 * bHalley);
            ds = newton * householderFactor(newton, halley, hh3);
          }
          ds = Math.max(-0.5 * s, ds);
          s += ds;
          iterations += 1;
        }
        return s;
      }
    }
  }
  // Middle segments: g(s) = b(s) − β.
  while (iterations < maxIterations && Math.abs(ds) > DBL_EPSILON * s) {
    if (bracketGuard()) break;
    const b = normalisedBlackCall(x, s);
    const bp = normalisedVega(x, s);
    if (b > beta && s < sRight) sRight = s;
    else if (b < beta && s > sLeft) sLeft = s;
    const newton = (beta - b) / bp;
    const halley = sq(x / s) / s - s / 4;
    const hh3 = halley * halley - 3 * sq(x / (s * s)) - 0.25;
    ds = Math.max(-0.5 * s, newton * householderFactor(newton, halley, hh3));
    s += ds;
    iterations += 1;
  }
  return s;
}

/**
 * Black implied volatility σ from an undiscounted price (forward premium) of a European option on a forward F
 * with strike K and expiry T (years). Prices outside the no-arbitrage bounds give a reason, never a throw:
 * below the intrinsic value max(θ(F − K), 0), or at/above the maximum (F for a call, K for a put).
 * A price equal to the intrinsic value gives σ = 0.
 */
export function blackImpliedVolatility(
  kind: OptionKind,
  undiscountedPrice: number,
  forward: number,
  strike: number,
  T: number,
  maxIterations = LBR_DEFAULT_ITERATIONS,
): Outcome<number> {
  if (!(Number.isFinite(undiscountedPrice) && undiscountedPrice >= 0)) return { ok: false, reason: 'price must be a finite number ≥ 0' };
  if (!(T > 0)) return { ok: false, reason: 'T must be > 0 for an implied volatility' };
  const theta: 1 | -1 = kind === 'call' ? 1 : -1;
  const intrinsic = Math.abs(Math.max(theta * (forward - strike), 0));
  if (undiscountedPrice < intrinsic) return { ok: false, reason: 'below intrinsic value' };
  const maxPrice = kind === 'call' ? forward : strike;
  if (undiscountedPrice >= maxPrice) return { ok: false, reason: `at or above the maximum value (${kind === 'call' ? 'S·e^{-qT}' : 'K·e^{-rT}'})` };
  const x = Math.log(forward / strike);
  let price = undiscountedPrice;
  let otm = theta;
  if (theta * x > 0) {
    price = Math.abs(Math.max(price - intrinsic, 0));
    otm = -theta as 1 | -1;
  }
  const s = normalisedImpliedVolatility(price / (Math.sqrt(forward) * Math.sqrt(strike)), x, otm, maxIterations);
  if (!Number.isFinite(s)) return { ok: false, reason: 'at or above the maximum value' };
  return { ok: true, value: s / Math.sqrt(T) };
}
