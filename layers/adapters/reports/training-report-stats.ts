/**
 * Diagnostics the training report draws from hold-out forecasts: the reliability (calibration) curve in
 * equal-width probability bins with their counts, and the confusion matrix at a threshold. Plain counting;
 * the report shows them next to the training result's own metrics.
 */

/** One reliability bin: forecasts in [lower, upper) (the last bin includes 1). */
export interface ReliabilityBin {
  readonly lower: number;
  readonly upper: number;
  readonly count: number;
  /** Mean forecast P(up) of the bin's rows (NaN when empty). */
  readonly meanPredicted: number;
  /** Share of the bin's rows whose label is 1 (NaN when empty). */
  readonly observedRate: number;
}

/** Equal-width reliability bins over [0, 1]; forecasts outside [0, 1] or not finite are skipped. */
export function reliabilityBins(y: ArrayLike<number>, p: ArrayLike<number>, bins = 10): ReliabilityBin[] {
  if (!Number.isInteger(bins) || bins < 1) throw new RangeError(`bins must be a whole number ≥ 1, got ${bins}`);
  const count = new Array<number>(bins).fill(0);
  const sumP = new Array<number>(bins).fill(0);
  const ups = new Array<number>(bins).fill(0);
  const n = Math.min(y.length, p.length);
  for (let i = 0; i < n; i += 1) {
    const q = p[i] ?? Number.NaN;
    if (!(q >= 0 && q <= 1)) continue;
    const b = Math.min(bins - 1, Math.floor(q * bins));
    count[b] = (count[b] ?? 0) + 1;
    sumP[b] = (sumP[b] ?? 0) + q;
    ups[b] = (ups[b] ?? 0) + (y[i] === 1 ? 1 : 0);
  }
  return count.map((c, b) => ({
    lower: b / bins,
    upper: (b + 1) / bins,
    count: c,
    meanPredicted: c > 0 ? (sumP[b] ?? 0) / c : Number.NaN,
    observedRate: c > 0 ? (ups[b] ?? 0) / c : Number.NaN,
  }));
}

/** Counts of calls (P ≥ threshold = "up") against labels. */
export interface ConfusionMatrix {
  readonly threshold: number;
  readonly truePositive: number;
  readonly falsePositive: number;
  readonly trueNegative: number;
  readonly falseNegative: number;
}

/** The confusion matrix at `threshold` (default 0.5, the convention of the accuracy metrics). */
export function confusionMatrix(y: ArrayLike<number>, p: ArrayLike<number>, threshold = 0.5): ConfusionMatrix {
  let tp = 0;
  let fp = 0;
  let tn = 0;
  let fn = 0;
  const n = Math.min(y.length, p.length);
  for (let i = 0; i < n; i += 1) {
    const up = (p[i] ?? 0) >= threshold;
    if (y[i] === 1) {
      if (up) tp += 1;
      else fn += 1;
    } else if (up) fp += 1;
    else tn += 1;
  }
  return { threshold, truePositive: tp, falsePositive: fp, trueNegative: tn, falseNegative: fn };
}
