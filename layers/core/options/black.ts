/**
 * The (undiscounted) Black function and its normalised form, evaluated to near machine precision
 * everywhere, including deep in- and out-of-the-money and for tiny σ√T.
 *
 * Normalised Black call (P. Jäckel, "Let's Be Rational", Wilmott 2015, eq. (2.2)):
 *   b(x, s) = Φ(x/s + s/2)·e^{x/2} − Φ(x/s − s/2)·e^{−x/2},  x = ln(F/K), s = σ√T,
 * so that the undiscounted call is √(F·K)·b(x, s). Out-of-the-money (x ≤ 0) it is evaluated in one of four
 * regions, as in Jäckel's reference code (www.jaeckel.org/LetsBeRational.7z): a 17th-order asymptotic expansion
 * for h = x/s ≤ −10 with small t = s/2, a 12th-order small-t expansion, the plain Φ form when b is close to
 * its maximum, and otherwise one exponential times a difference of Cody's erfcx. In-the-money values are the
 * intrinsic value plus the out-of-the-money value (put–call parity in normalised form), which keeps the small
 * time value accurate instead of subtracting two large numbers.
 */
import { erfcx, normCdf, ONE_OVER_SQRT_TWO_PI, SQRT_TWO_PI } from './normal';
import type { OptionKind } from './types';

const DBL_EPSILON = Number.EPSILON;
const SQRT_DBL_MIN = Math.sqrt(2.2250738585072014e-308);
const FOURTH_ROOT_DBL_EPSILON = Math.sqrt(Math.sqrt(DBL_EPSILON));
const SIXTEENTH_ROOT_DBL_EPSILON = Math.sqrt(Math.sqrt(FOURTH_ROOT_DBL_EPSILON));
const ONE_OVER_SQRT_TWO = 0.7071067811865475244008443621048490392848359376887;
/** h = x/s below which the asymptotic expansion is used. */
const ASYMPTOTIC_THRESHOLD = -10;
/** t = s/2 below which the small-t expansion is used (2·ε^{1/16} ≈ 0.21). */
const SMALL_T_THRESHOLD = 2 * SIXTEENTH_ROOT_DBL_EPSILON;

/** Normalised intrinsic value: max(θ·(e^{x/2} − e^{−x/2}), 0), with a series near x = 0 (θ = +1 call, −1 put). */
export function normalisedIntrinsic(x: number, theta: 1 | -1): number {
  if (theta * x <= 0) return 0;
  const x2 = x * x;
  if (x2 < 98 * FOURTH_ROOT_DBL_EPSILON) {
    // 2·sinh(x/2) by its Taylor series; 98 ≈ ⁴√92897280 from the last coefficient.
    return Math.abs(Math.max(theta * x * (1 + x2 * (1 / 24 + x2 * (1 / 1920 + x2 * (1 / 322560 + x2 / 92897280)))), 0));
  }
  const bMax = Math.exp(0.5 * x);
  return Math.abs(Math.max(theta * (bMax - 1 / bMax), 0));
}

/**
 * Coefficients (ascending powers of e) of the polynomials P_k(e), k = 1..17, of Jäckel's 17th-order asymptotic
 * expansion of A(h, t) in q: sum = 2 + q·(P₁ + 3q·(P₂ + 5q·(P₃ + … + 31q·(P₁₆ + 33q·P₁₇)))).
 */
const ASYMPTOTIC_COEFFICIENTS: readonly (readonly number[])[] = [
  [-6, -2],
  [10, 20, 2],
  [-14, -70, -42, -2],
  [18, 168, 252, 72, 2],
  [-22, -330, -924, -660, -110, -2],
  [26, 572, 2574, 3432, 1430, 156, 2],
  [-30, -910, -6006, -12870, -10010, -2730, -210, -2],
  [34, 1360, 12376, 38896, 48620, 24752, 4760, 272, 2],
  [-38, -1938, -23256, -100776, -184756, -151164, -54264, -7752, -342, -2],
  [42, 2660, 40698, 232560, 587860, 705432, 406980, 108528, 11970, 420, 2],
  [-46, -3542, -67298, -490314, -1634380, -2704156, -2288132, -980628, -201894, -17710, -506, -2],
  [50, 4600, 106260, 961400, 4085950, 8914800, 10400600, 6537520, 2163150, 354200, 25300, 600, 2],
  [-54, -5850, -161460, -1776060, -9373650, -26075790, -40116600, -34767720, -16872570, -4440150, -592020, -35100, -702, -2],
  [58, 7308, 237510, 3121560, 20030010, 69194580, 135727830, 155117520, 103791870, 40060020, 8584290, 950040, 47502, 812, 2],
  [-62, -8990, -339822, -5259150, -40320150, -169344630, -412506150, -601080390, -530365050, -282241050, -88704330, -15777450, -1472562, -62930, -930, -2],
  [66, 10912, 474672, 8544096, 77134200, 387073440, 1146332880, 2074316640, 2333606220, 1637618400, 709634640, 185122080, 27768312, 2215136, 81840, 1056, 2],
  [-70, -13090, -649264, -13449040, -141214920, -834451800, -2952675600, -6495886320, -9075135300, -8119857900, -4639918800, -1668903600, -367158792, -47071640, -3246320, -104720, -1190, -2],
];

function horner(coefficients: readonly number[], e: number): number {
  let acc = 0;
  for (let i = coefficients.length - 1; i >= 0; i -= 1) acc = acc * e + (coefficients[i] ?? 0);
  return acc;
}

function asymptoticExpansion(h: number, t: number): number {
  // b = φ-scaled [Y(h+t) − Y(h−t)] with Y = Φ/φ, expanded in q = (h/r)², e = (t/h)², r = (h+t)(h−t); A&S 26.2.12.
  // Accurate to 1.64e-16 relative for h ≤ −10 (Jäckel).
  const e = (t / h) * (t / h);
  const r = (h + t) * (h - t);
  const q = (h / r) * (h / r);
  let nested = 0;
  for (let k = ASYMPTOTIC_COEFFICIENTS.length; k >= 1; k -= 1) {
    nested = horner(ASYMPTOTIC_COEFFICIENTS[k - 1] ?? [], e) + (k < ASYMPTOTIC_COEFFICIENTS.length ? (2 * k + 1) * q * nested : 0);
  }
  const sum = 2 + q * nested;
  const b = ONE_OVER_SQRT_TWO_PI * Math.exp(-0.5 * (h * h + t * t)) * (t / r) * sum;
  return Math.abs(Math.max(b, 0));
}

function smallTExpansion(h: number, t: number): number {
  // Y(h+t) − Y(h−t) to 12th order in t; a = 1 + h·Y(h) with Y(h) = √(π/2)·erfcx(−h/√2).
  const a = 1 + h * (0.5 * SQRT_TWO_PI) * erfcx(-ONE_OVER_SQRT_TWO * h);
  const w = t * t;
  const h2 = h * h;
  const expansion =
    2 *
    t *
    (a +
      w *
        ((-1 + 3 * a + a * h2) / 6 +
          w *
            ((-7 + 15 * a + h2 * (-1 + 10 * a + a * h2)) / 120 +
              w *
                ((-57 + 105 * a + h2 * (-18 + 105 * a + h2 * (-1 + 21 * a + a * h2))) / 5040 +
                  w *
                    ((-561 + 945 * a + h2 * (-285 + 1260 * a + h2 * (-33 + 378 * a + h2 * (-1 + 36 * a + a * h2)))) / 362880 +
                      w *
                        ((-6555 + 10395 * a + h2 * (-4680 + 17325 * a + h2 * (-840 + 6930 * a + h2 * (-52 + 990 * a + h2 * (-1 + 55 * a + a * h2))))) / 39916800 +
                          ((-89055 + 135135 * a + h2 * (-82845 + 270270 * a + h2 * (-20370 + 135135 * a + h2 * (-1926 + 25740 * a + h2 * (-75 + 2145 * a + h2 * (-1 + 78 * a + a * h2)))))) *
                            w) /
                            6227020800.0))))));
  const b = ONE_OVER_SQRT_TWO_PI * Math.exp(-0.5 * (h * h + t * t)) * expansion;
  return Math.abs(Math.max(b, 0));
}

function usingNormCdf(x: number, s: number): number {
  const h = x / s;
  const t = 0.5 * s;
  const bMax = Math.exp(0.5 * x);
  const b = normCdf(h + t) * bMax - normCdf(h - t) / bMax;
  return Math.abs(Math.max(b, 0));
}

function usingErfcx(h: number, t: number): number {
  const b = 0.5 * Math.exp(-0.5 * (h * h + t * t)) * (erfcx(-ONE_OVER_SQRT_TWO * (h + t)) - erfcx(-ONE_OVER_SQRT_TWO * (h - t)));
  return Math.abs(Math.max(b, 0));
}

/** Normalised Black call b(x, s) (see the module comment); s = σ√T ≥ 0. */
export function normalisedBlackCall(x: number, s: number): number {
  if (x > 0) return normalisedIntrinsic(x, 1) + normalisedBlackCall(-x, s);
  const ax = Math.abs(x);
  if (s <= ax * 0) return normalisedIntrinsic(x, 1); // s = 0 (the denormalisation cut-off is 0, as in Jäckel's default)
  if (x < s * ASYMPTOTIC_THRESHOLD && 0.5 * s * s + x < s * (SMALL_T_THRESHOLD + ASYMPTOTIC_THRESHOLD)) return asymptoticExpansion(x / s, 0.5 * s);
  if (0.5 * s < SMALL_T_THRESHOLD) return smallTExpansion(x / s, 0.5 * s);
  if (x + 0.5 * s * s > s * 0.85) return usingNormCdf(x, s);
  return usingErfcx(x / s, 0.5 * s);
}

/** Normalised Black value for θ = +1 (call) or −1 (put), by the reciprocal-strike call–put symmetry. */
export function normalisedBlack(x: number, s: number, theta: 1 | -1): number {
  return normalisedBlackCall(theta < 0 ? -x : x, s);
}

/** ∂b/∂s, the normalised vega: φ(x/s + s/2)·e^{x/2} = e^{−(x²/s² + s²/4)/2}/√(2π). */
export function normalisedVega(x: number, s: number): number {
  const ax = Math.abs(x);
  if (ax <= 0) return ONE_OVER_SQRT_TWO_PI * Math.exp(-0.125 * s * s);
  if (s <= 0 || s <= ax * SQRT_DBL_MIN) return 0;
  const xs = x / s;
  const hs = 0.5 * s;
  return ONE_OVER_SQRT_TWO_PI * Math.exp(-0.5 * (xs * xs + hs * hs));
}

/**
 * Undiscounted Black price E[(θ(F_T − K))⁺] for forward F > 0, strike K > 0, volatility σ ≥ 0 and time T ≥ 0
 * (years): intrinsic + √(F·K)·b(x, s) on the out-of-the-money side.
 */
export function blackUndiscounted(kind: OptionKind, forward: number, strike: number, sigma: number, T: number): number {
  const theta: 1 | -1 = kind === 'call' ? 1 : -1;
  const intrinsic = Math.abs(Math.max(theta * (forward - strike), 0));
  const otm: 1 | -1 = theta * (forward - strike) > 0 ? (-theta as 1 | -1) : theta;
  const x = Math.log(forward / strike);
  const s = sigma * Math.sqrt(T);
  return intrinsic + Math.max(0, Math.sqrt(forward) * Math.sqrt(strike) * normalisedBlack(x, s, otm));
}

export { DBL_EPSILON };
