/**
 * Standard normal distribution to (near) machine precision, from Math functions only.
 *
 * - erfc / erfcx: W. J. Cody, "Rational Chebyshev approximations for the error function", Math. Comp. 23
 *   (1969) 631–638, in the form of his CALERF routine (Argonne, 1990): near-minimax rational functions on
 *   |x| ≤ 0.46875, 0.46875 < |x| ≤ 4 and |x| > 4, with the exp(−x²) factor split as exp(−y²)·exp(−(x−y)(x+y))
 *   (y = x rounded down to 1/16) to keep full relative accuracy. erfcx(x) = exp(x²)·erfc(x) avoids the exponential
 *   altogether for x > 4, which is what Jäckel's "Let's Be Rational" uses to evaluate the Black function in the wings.
 * - Φ(z) for z ≤ −10: the asymptotic series of Abramowitz & Stegun 26.2.12, Φ(z) = φ(z)/|z|·[1 − 1/z² + 3/z⁴ − …],
 *   summed until the terms stop shrinking (as in Jäckel's reference code).
 * - Φ⁻¹: Wichura's algorithm AS 241 (Applied Statistics 37 (1988) 477–484), about 1e-16 relative.
 */

const SQRPI = 0.56418958354775628695; // 1/√π
const THRESH = 0.46875;
const XNEG = -26.628; // erfcx overflows below
const XBIG = 26.543; // erfc underflows above
const XHUGE = 6.71e7; // 1 − 1/(2x²) = 1 above
const XMAX = 2.53e307;

const A = [3.1611237438705656, 113.864154151050156, 377.485237685302021, 3209.37758913846947, 0.185777706184603153] as const;
const B = [23.6012909523441209, 244.024637934444173, 1282.61652607737228, 2844.23683343917062] as const;
const C = [
  0.564188496988670089, 8.88314979438837594, 66.1191906371416295, 298.635138197400131, 881.95222124176909, 1712.04761263407058,
  2051.07837782607147, 1230.33935479799725, 2.15311535474403846e-8,
] as const;
const D = [
  15.7449261107098347, 117.693950891312499, 537.181101862009858, 1621.38957456669019, 3290.79923573345963, 4362.61909014324716,
  3439.36767414372164, 1230.33935480374942,
] as const;
const P = [0.305326634961232344, 0.360344899949804439, 0.125781726111229246, 0.0160837851487422766, 6.58749161529837803e-4, 0.0163153871373020978] as const;
const Q = [2.56852019228982242, 1.87295284992346047, 0.527905102951428412, 0.0605183413124413191, 0.00233520497626869185] as const;

/** exp(−y²) for y ≥ 0 without losing the relative accuracy that a plain exp(−y·y) loses for large y. */
function expMinusSquare(y: number): number {
  const ysq = Math.trunc(y * 16) / 16;
  const del = (y - ysq) * (y + ysq);
  return Math.exp(-ysq * ysq) * Math.exp(-del);
}

/** 0: erf, 1: erfc, 2: erfcx (Cody's CALERF `jint`). */
function calerf(x: number, jint: 0 | 1 | 2): number {
  const y = Math.abs(x);
  let result: number;
  if (y <= THRESH) {
    const ysq = y > 1.11e-16 ? y * y : 0;
    let xnum = A[4] * ysq;
    let xden = ysq;
    for (let i = 0; i < 3; i += 1) {
      xnum = (xnum + (A[i] ?? 0)) * ysq;
      xden = (xden + (B[i] ?? 0)) * ysq;
    }
    result = (x * (xnum + A[3])) / (xden + B[3]);
    if (jint !== 0) result = 1 - result;
    if (jint === 2) result *= Math.exp(ysq);
    return result;
  }
  if (y <= 4) {
    let xnum = C[8] * y;
    let xden = y;
    for (let i = 0; i < 7; i += 1) {
      xnum = (xnum + (C[i] ?? 0)) * y;
      xden = (xden + (D[i] ?? 0)) * y;
    }
    result = (xnum + C[7]) / (xden + D[7]);
    if (jint !== 2) result *= expMinusSquare(y);
  } else {
    result = 0;
    if (y >= XBIG) {
      if (jint !== 2 || y >= XMAX) return fixUpNegative(jint, result, x);
      if (y >= XHUGE) return fixUpNegative(jint, SQRPI / y, x);
    }
    const ysq = 1 / (y * y);
    let xnum = P[5] * ysq;
    let xden = ysq;
    for (let i = 0; i < 4; i += 1) {
      xnum = (xnum + (P[i] ?? 0)) * ysq;
      xden = (xden + (Q[i] ?? 0)) * ysq;
    }
    result = (ysq * (xnum + P[4])) / (xden + Q[4]);
    result = (SQRPI - result) / y;
    if (jint !== 2) result *= expMinusSquare(y);
  }
  return fixUpNegative(jint, result, x);
}

function fixUpNegative(jint: 0 | 1 | 2, result: number, x: number): number {
  if (jint === 0) {
    const r = 0.5 - result + 0.5;
    return x < 0 ? -r : r;
  }
  if (jint === 1) return x < 0 ? 2 - result : result;
  if (x >= 0) return result;
  if (x < XNEG) return Number.POSITIVE_INFINITY;
  const ysq = Math.trunc(x * 16) / 16;
  const del = (x - ysq) * (x + ysq);
  const e = Math.exp(ysq * ysq) * Math.exp(del);
  return e + e - result;
}

/** The error function erf(x) (Cody). */
export const erf = (x: number): number => calerf(x, 0);
/** The complementary error function erfc(x) = 1 − erf(x), full relative accuracy in the right tail (Cody). */
export const erfc = (x: number): number => calerf(x, 1);
/** The scaled complementary error function erfcx(x) = exp(x²)·erfc(x) (Cody); +∞ below x ≈ −26.6. */
export const erfcx = (x: number): number => calerf(x, 2);

/** 1/√(2π). */
export const ONE_OVER_SQRT_TWO_PI = 0.3989422804014326779399460599343818684758586311649;
/** √(2π). */
export const SQRT_TWO_PI = 2.506628274631000502415765284811045253006986740610;
const ONE_OVER_SQRT_TWO = 0.7071067811865475244008443621048490392848359376887;
const DBL_EPSILON = Number.EPSILON;
const ASYMPTOTIC_FIRST_THRESHOLD = -10;
const ASYMPTOTIC_SECOND_THRESHOLD = -1 / Math.sqrt(DBL_EPSILON);

/** Standard normal density φ(x) = exp(−x²/2)/√(2π). */
export function normPdf(x: number): number {
  return ONE_OVER_SQRT_TWO_PI * Math.exp(-0.5 * x * x);
}

/**
 * Standard normal distribution function Φ(z) with full relative accuracy in the left tail: erfc-based
 * (Cody) above −10, the asymptotic series A&S 26.2.12 at and below −10.
 */
export function normCdf(z: number): number {
  if (z <= ASYMPTOTIC_FIRST_THRESHOLD) {
    let sum = 1;
    if (z >= ASYMPTOTIC_SECOND_THRESHOLD) {
      const zsqr = z * z;
      let i = 1;
      let g = 1;
      let a = Number.MAX_VALUE;
      let lasta: number;
      do {
        lasta = a;
        const x = (4 * i - 3) / zsqr;
        const y = x * ((4 * i - 1) / zsqr);
        a = g * (x - y);
        sum -= a;
        g *= y;
        i += 1;
        a = Math.abs(a);
      } while (lasta > a && a >= Math.abs(sum * DBL_EPSILON));
    }
    return (-normPdf(z) * sum) / z;
  }
  return 0.5 * erfc(-z * ONE_OVER_SQRT_TWO);
}

// AS 241 (PPND16) coefficients.
const SPLIT1 = 0.425;
const SPLIT2 = 5;
const CONST1 = 0.180625;
const CONST2 = 1.6;
const PA = [3.387132872796366608, 133.14166789178437745, 1971.5909503065514427, 13731.693765509461125, 45921.953931549871457, 67265.770927008700853, 33430.575583588128105, 2509.0809287301226727] as const;
const PB = [1, 42.313330701600911252, 687.1870074920579083, 5394.1960214247511077, 21213.794301586595867, 39307.89580009271061, 28729.085735721942674, 5226.495278852854561] as const;
const PC = [1.42343711074968357734, 4.6303378461565452959, 5.7694972214606914055, 3.64784832476320460504, 1.27045825245236838258, 0.24178072517745061177, 0.0227238449892691845833, 7.7454501427834140764e-4] as const;
const PD = [1, 2.05319162663775882187, 1.6763848301838038494, 0.68976733498510000455, 0.14810397642748007459, 0.0151986665636164571966, 5.475938084995344946e-4, 1.05075007164441684324e-9] as const;
const PE = [6.6579046435011037772, 5.4637849111641143699, 1.7848265399172913358, 0.29656057182850489123, 0.026532189526576123093, 0.0012426609473880784386, 2.71155556874348757815e-5, 2.01033439929228813265e-7] as const;
const PF = [1, 0.59983220655588793769, 0.13692988092273580531, 0.0148753612908506148525, 7.868691311456132591e-4, 1.8463183175100546818e-5, 1.4215117583164458887e-7, 2.04426310338993978564e-15] as const;

function poly7(c: readonly number[], r: number): number {
  let acc = c[7] ?? 0;
  for (let i = 6; i >= 0; i -= 1) acc = acc * r + (c[i] ?? 0);
  return acc;
}

/** Φ⁻¹(u), the standard normal quantile (Wichura AS 241); −∞ at 0 and +∞ at 1. */
export function inverseNormCdf(u: number): number {
  if (u <= 0) return Math.log(u);
  if (u >= 1) return Number.POSITIVE_INFINITY;
  const q = u - 0.5;
  if (Math.abs(q) <= SPLIT1) {
    const r = CONST1 - q * q;
    return (q * poly7(PA, r)) / poly7(PB, r);
  }
  let r = q < 0 ? u : 1 - u;
  r = Math.sqrt(-Math.log(r));
  let ret: number;
  if (r < SPLIT2) {
    r -= CONST2;
    ret = poly7(PC, r) / poly7(PD, r);
  } else {
    r -= SPLIT2;
    ret = poly7(PE, r) / poly7(PF, r);
  }
  return q < 0 ? -ret : ret;
}
