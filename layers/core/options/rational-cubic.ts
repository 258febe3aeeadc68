/**
 * Shape-preserving rational cubic interpolation (R. Delbourgo & J. A. Gregory, "Shape preserving piecewise
 * rational interpolation", SIAM J. Sci. Stat. Comput. 6 (1985) 967–976), as used by P. Jäckel's
 * "Let's Be Rational" (Wilmott 2015) for its initial guesses. Written from the paper's formulas (2.4)/(2.5),
 * (3.8) and (3.18) following the structure of Jäckel's reference code (www.jaeckel.org/LetsBeRational.7z).
 */

const DBL_EPSILON = Number.EPSILON;
const DBL_MIN = 2.2250738585072014e-308;
const MIN_CONTROL = -(1 - Math.sqrt(DBL_EPSILON));
const MAX_CONTROL = 2 / (DBL_EPSILON * DBL_EPSILON);

const isZero = (x: number): boolean => Math.abs(x) < DBL_MIN;

/** The interpolant through (xl, yl) and (xr, yr) with slopes dl, dr and control parameter r (r → ∞: linear). */
export function rationalCubicInterpolation(x: number, xl: number, xr: number, yl: number, yr: number, dl: number, dr: number, r: number): number {
  const h = xr - xl;
  if (Math.abs(h) <= 0) return 0.5 * (yl + yr);
  const t = (x - xl) / h;
  if (!(r >= MAX_CONTROL)) {
    const omt = 1 - t;
    const t2 = t * t;
    const omt2 = omt * omt;
    return (yr * t2 * t + (r * yr - h * dr) * t2 * omt + (r * yl + h * dl) * t * omt2 + yl * omt2 * omt) / (1 + (r - 3) * t * omt);
  }
  return yr * t + yl * (1 - t);
}

function controlToFitSecondDerivativeLeft(xl: number, xr: number, yl: number, yr: number, dl: number, dr: number, secondLeft: number): number {
  const h = xr - xl;
  const numerator = 0.5 * h * secondLeft + (dr - dl);
  if (isZero(numerator)) return 0;
  const denominator = (yr - yl) / h - dl;
  if (isZero(denominator)) return numerator > 0 ? MAX_CONTROL : MIN_CONTROL;
  return numerator / denominator;
}

function controlToFitSecondDerivativeRight(xl: number, xr: number, yl: number, yr: number, dl: number, dr: number, secondRight: number): number {
  const h = xr - xl;
  const numerator = 0.5 * h * secondRight + (dr - dl);
  if (isZero(numerator)) return 0;
  const denominator = dr - (yr - yl) / h;
  if (isZero(denominator)) return numerator > 0 ? MAX_CONTROL : MIN_CONTROL;
  return numerator / denominator;
}

/** The smallest control parameter that keeps the interpolant monotonic and convex/concave where the data are. */
function minimumControl(dl: number, dr: number, s: number, preferShapePreservation: boolean): number {
  const monotonic = dl * s >= 0 && dr * s >= 0;
  const convex = dl <= s && s <= dr;
  const concave = dl >= s && s >= dr;
  if (!monotonic && !convex && !concave) return MIN_CONTROL;
  const drMinusDl = dr - dl;
  const drMinusS = dr - s;
  const sMinusDl = s - dl;
  let r1 = -Number.MAX_VALUE;
  let r2 = r1;
  if (monotonic) {
    if (!isZero(s)) r1 = (dr + dl) / s; // (3.8)
    else if (preferShapePreservation) r1 = MAX_CONTROL;
  }
  if (convex || concave) {
    if (!(isZero(sMinusDl) || isZero(drMinusS))) r2 = Math.max(Math.abs(drMinusDl / drMinusS), Math.abs(drMinusDl / sMinusDl)); // (3.18)
    else if (preferShapePreservation) r2 = MAX_CONTROL;
  } else if (monotonic && preferShapePreservation) {
    r2 = MAX_CONTROL;
  }
  return Math.max(MIN_CONTROL, r1, r2);
}

/** Control parameter matching the second derivative at the left end, but never below the shape-preserving minimum. */
export function convexControlToFitSecondDerivativeLeft(
  xl: number,
  xr: number,
  yl: number,
  yr: number,
  dl: number,
  dr: number,
  secondLeft: number,
  preferShapePreservation: boolean,
): number {
  const r = controlToFitSecondDerivativeLeft(xl, xr, yl, yr, dl, dr, secondLeft);
  return Math.max(r, minimumControl(dl, dr, (yr - yl) / (xr - xl), preferShapePreservation));
}

/** Control parameter matching the second derivative at the right end, but never below the shape-preserving minimum. */
export function convexControlToFitSecondDerivativeRight(
  xl: number,
  xr: number,
  yl: number,
  yr: number,
  dl: number,
  dr: number,
  secondRight: number,
  preferShapePreservation: boolean,
): number {
  const r = controlToFitSecondDerivativeRight(xl, xr, yl, yr, dl, dr, secondRight);
  return Math.max(r, minimumControl(dl, dr, (yr - yl) / (xr - xl), preferShapePreservation));
}
