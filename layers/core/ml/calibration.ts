/**
 * Probability calibration: Platt scaling (a logistic regression on the logit of the raw
 * probability, with Platt's 1999 smoothed targets) and isotonic regression (pool-adjacent-violators,
 * weighted; predictions interpolate linearly between fitted points and are clipped at the ends, as
 * scikit-learn's IsotonicRegression does).
 */
import { z } from 'zod';
import { fitLogisticCoefficients } from './models/linear';
import { logit, sigmoid } from './types';

export type CalibrationMethod = 'platt' | 'isotonic';

/** A fitted calibration map from raw P(y = 1) to calibrated P(y = 1), as JSON. */
export type CalibratorJson =
  | { readonly method: 'platt'; readonly a: number; readonly b: number }
  | { readonly method: 'isotonic'; readonly x: readonly number[]; readonly y: readonly number[] };

export const CalibratorJsonSchema = z.union([
  z.object({ method: z.literal('platt'), a: z.number(), b: z.number() }),
  z.object({ method: z.literal('isotonic'), x: z.array(z.number()).min(1), y: z.array(z.number()).min(1) }),
]);

/**
 * Platt scaling: P = σ(a·logit(p) + b), fitted by maximum likelihood on targets
 * (N₊ + 1)/(N₊ + 2) for positives and 1/(N₋ + 2) for negatives (Platt 1999).
 */
export function fitPlatt(p: ArrayLike<number>, y: ArrayLike<number>, weights?: ArrayLike<number>): CalibratorJson {
  const n = p.length;
  let pos = 0;
  for (let i = 0; i < n; i += 1) pos += y[i] === 1 ? 1 : 0;
  const hi = (pos + 1) / (pos + 2);
  const lo = 1 / (n - pos + 2);
  // a soft target t is the same as two weighted rows: (y = 1, weight t) and (y = 0, weight 1 − t)
  const X: Float64Array[] = [];
  const yy: number[] = [];
  const w: number[] = [];
  for (let i = 0; i < n; i += 1) {
    const t = y[i] === 1 ? hi : lo;
    const wi = weights?.[i] ?? 1;
    const x = Float64Array.of(logit(p[i] ?? 0.5));
    X.push(x, x);
    yy.push(1, 0);
    w.push(wi * t, wi * (1 - t));
  }
  const c = fitLogisticCoefficients(X, yy, w, 0, 100);
  return { method: 'platt', a: c.coef[0] ?? 0, b: c.intercept };
}

/** Weighted isotonic (non-decreasing) regression of y on p by pool-adjacent-violators. */
export function fitIsotonic(p: ArrayLike<number>, y: ArrayLike<number>, weights?: ArrayLike<number>): CalibratorJson {
  const n = p.length;
  if (n === 0) throw new RangeError('isotonic calibration needs at least one point');
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (p[a] ?? 0) - (p[b] ?? 0) || a - b);
  // blocks: value (weighted mean), weight, min x, max x
  const value: number[] = [];
  const weight: number[] = [];
  const minX: number[] = [];
  const maxX: number[] = [];
  for (const i of order) {
    const wi = weights?.[i] ?? 1;
    if (!(wi > 0)) continue;
    value.push(y[i] ?? 0);
    weight.push(wi);
    minX.push(p[i] ?? 0);
    maxX.push(p[i] ?? 0);
    // merge while the last two blocks violate monotonicity (or share an x, which must get one value)
    while (value.length > 1) {
      const k = value.length - 1;
      if ((value[k - 1] ?? 0) < (value[k] ?? 0) && (maxX[k - 1] ?? 0) < (minX[k] ?? 0)) break;
      const w = (weight[k - 1] ?? 0) + (weight[k] ?? 0);
      value[k - 1] = ((value[k - 1] ?? 0) * (weight[k - 1] ?? 0) + (value[k] ?? 0) * (weight[k] ?? 0)) / w;
      weight[k - 1] = w;
      maxX[k - 1] = maxX[k] ?? 0;
      value.pop();
      weight.pop();
      minX.pop();
      maxX.pop();
    }
  }
  // each block contributes its two ends (one point when they coincide), at the block's value
  const xs: number[] = [];
  const ys: number[] = [];
  value.forEach((v, k) => {
    xs.push(minX[k] ?? 0);
    ys.push(v);
    if ((maxX[k] ?? 0) > (minX[k] ?? 0)) {
      xs.push(maxX[k] ?? 0);
      ys.push(v);
    }
  });
  return { method: 'isotonic', x: xs, y: ys };
}

export function fitCalibrator(method: CalibrationMethod, p: ArrayLike<number>, y: ArrayLike<number>, weights?: ArrayLike<number>): CalibratorJson {
  return method === 'platt' ? fitPlatt(p, y, weights) : fitIsotonic(p, y, weights);
}

/** Applies a calibration map to one probability. */
export function calibrate(c: CalibratorJson, p: number): number {
  if (c.method === 'platt') return sigmoid(c.a * logit(p) + c.b);
  const { x, y } = c;
  const n = x.length;
  if (p <= (x[0] ?? 0)) return y[0] ?? 0.5;
  if (p >= (x[n - 1] ?? 0)) return y[n - 1] ?? 0.5;
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if ((x[mid] ?? 0) <= p) lo = mid;
    else hi = mid;
  }
  const x0 = x[lo] ?? 0;
  const x1 = x[hi] ?? 0;
  const y0 = y[lo] ?? 0;
  const y1 = y[hi] ?? 0;
  return x1 > x0 ? y0 + ((y1 - y0) * (p - x0)) / (x1 - x0) : y1;
}
