/**
 * Bivariate standard normal distribution M(a, b; ρ) = P(X ≤ a, Y ≤ b) with corr(X, Y) = ρ.
 *
 * Algorithm: A. Genz, "Numerical computation of rectangular bivariate and trivariate normal and t
 * probabilities", Statistics and Computing 14 (2004) 251–260 (his BVND routine, after Drezner & Wesolowsky
 * 1990): Gauss–Legendre quadrature of Plackett's integral with 6, 12 or 20 points for |ρ| < 0.3, < 0.75,
 * otherwise; for |ρ| ≥ 0.925 a substitution that removes the singularity at |ρ| = 1. About 1e-15 absolute.
 * This is the routine Haug's "Complete Guide to Option Pricing Formulas" (2nd ed., 2007) uses for CBND.
 */
import { normCdf } from './normal';

// Gauss–Legendre half-rules (abscissae in (0,1), symmetric about 0) with 3, 6 and 10 points.
const W3 = [0.1713244923791705, 0.3607615730481384, 0.4679139345726904] as const;
const X3 = [0.9324695142031522, 0.6612093864662647, 0.238619186083197] as const;
const W6 = [0.04717533638651177, 0.1069393259953183, 0.1600783285433464, 0.2031674267230659, 0.2334925365383547, 0.2491470458134029] as const;
const X6 = [0.9815606342467191, 0.904117256370475, 0.769902674194305, 0.5873179542866171, 0.3678314989981802, 0.1252334085114692] as const;
const W10 = [
  0.01761400713915212, 0.04060142980038694, 0.06267204833410906, 0.08327674157670475, 0.1019301198172404, 0.1181945319615184,
  0.1316886384491766, 0.1420961093183821, 0.1491729864726037, 0.1527533871307259,
] as const;
const X10 = [
  0.9931285991850949, 0.9639719272779138, 0.9122344282513259, 0.8391169718222188, 0.7463319064601508, 0.636053680726515, 0.5108670019508271,
  0.3737060887154196, 0.2277858511416451, 0.07652652113349733,
] as const;
const TWO_PI = 2 * Math.PI;

/** Genz's BVNU: P(X > dh, Y > dk) for correlation r. */
function upperBivariate(dh: number, dk: number, r: number): number {
  const absR = Math.abs(r);
  const [w, x] = absR < 0.3 ? [W3, X3] : absR < 0.75 ? [W6, X6] : [W10, X10];
  let h = dh;
  let k = dk;
  let hk = h * k;
  let bvn = 0;
  if (absR < 0.925) {
    const hs = (h * h + k * k) / 2;
    const asr = Math.asin(r);
    for (let i = 0; i < w.length; i += 1) {
      const wi = w[i] ?? 0;
      const xi = x[i] ?? 0;
      let sn = Math.sin((asr * (1 - xi)) / 2);
      bvn += wi * Math.exp((sn * hk - hs) / (1 - sn * sn));
      sn = Math.sin((asr * (1 + xi)) / 2);
      bvn += wi * Math.exp((sn * hk - hs) / (1 - sn * sn));
    }
    return (bvn * asr) / (2 * TWO_PI) + normCdf(-h) * normCdf(-k);
  }
  if (r < 0) {
    k = -k;
    hk = -hk;
  }
  if (absR < 1) {
    const as = (1 - r) * (1 + r);
    let a = Math.sqrt(as);
    const bs = (h - k) * (h - k);
    const c = (4 - hk) / 8;
    const d = (12 - hk) / 16;
    let asr = -(bs / as + hk) / 2;
    if (asr > -100) bvn = a * Math.exp(asr) * (1 - (c * (bs - as) * (1 - (d * bs) / 5)) / 3 + (c * d * as * as) / 5);
    if (hk > -100) {
      const b = Math.sqrt(bs);
      bvn -= Math.exp(-hk / 2) * Math.sqrt(TWO_PI) * normCdf(-b / a) * b * (1 - (c * bs * (1 - (d * bs) / 5)) / 3);
    }
    a /= 2;
    for (let i = 0; i < w.length; i += 1) {
      const wi = w[i] ?? 0;
      const xi = x[i] ?? 0;
      for (const sign of [-1, 1]) {
        let xs = a * (sign * xi + 1);
        xs *= xs;
        const rs = Math.sqrt(1 - xs);
        asr = -(bs / xs + hk) / 2;
        if (asr > -100) {
          bvn += a * wi * Math.exp(asr) * (Math.exp((-hk * (1 - rs)) / (2 * (1 + rs))) / rs - (1 + c * xs * (1 + d * xs)));
        }
      }
    }
    bvn = -bvn / TWO_PI;
  }
  if (r > 0) return bvn + normCdf(-Math.max(h, k));
  bvn = -bvn;
  if (k > h) {
    if (h < 0) bvn += normCdf(k) - normCdf(h);
    else bvn += normCdf(-h) - normCdf(-k);
  }
  return bvn;
}

/** M(a, b; ρ) = P(X ≤ a, Y ≤ b) for standard normals with correlation ρ ∈ [−1, 1]. */
export function bivariateNormCdf(a: number, b: number, rho: number): number {
  const p = upperBivariate(-a, -b, rho);
  return Math.min(1, Math.max(0, p));
}
