/**
 * Drift detection (issue 7), pure. Three detectors, each with its method in its result:
 * - feature drift: population stability index (PSI) of each feature, live sample vs the training
 *   (reference) sample, on bins at the reference's deciles;
 * - prediction drift: two-sample Kolmogorov–Smirnov test of the live vs the reference (hold-out)
 *   prediction distributions, asymptotic p-value;
 * - performance drift: live hit rate vs the hit rate validated on the hold-out, exact one-sided
 *   binomial test (is the live rate below the expectation?).
 * `assessDrift` combines them; a drifted assessment becomes a retrain request.
 */
import { binomialTest, kolmogorovQ, sortedCopy } from './stats';
import type { Matrix } from '../types';

export interface PsiOptions {
  /** Bins at the reference's quantiles 1/bins … (bins−1)/bins; default 10 (deciles). */
  readonly bins?: number;
  /** Floor of a bin's share before the logarithm (empty bins); default 1e-4. */
  readonly floor?: number;
}

export interface PsiResult {
  readonly psi: number;
  /** Inner bin edges (bins − 1 of them, duplicates removed); the outer bins are open. */
  readonly edges: readonly number[];
  readonly expected: readonly number[];
  readonly actual: readonly number[];
}

/** Which bin v falls into: bin j holds edges[j−1] < v ≤ edges[j] (first bin v ≤ edges[0], last v > last edge). */
function binOf(edges: readonly number[], v: number): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (v <= (edges[mid] as number)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Quantile q of an ascending sample, linear interpolation between order statistics (type 7). */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) throw new RangeError('quantile of an empty sample');
  const h = (n - 1) * q;
  const i = Math.floor(h);
  const a = sorted[i] as number;
  const b = sorted[Math.min(n - 1, i + 1)] as number;
  return a + (h - i) * (b - a);
}

/**
 * PSI = Σ_j (a_j − e_j) · ln(a_j / e_j), e_j and a_j the reference's and the live sample's share of
 * bin j. Bins: edges at the reference's quantiles k/bins (k = 1 … bins − 1), equal edges merged
 * (a feature with ties has fewer bins), shares floored at `floor`. Common reading: < 0.1 stable,
 * 0.1–0.25 moderate shift, > 0.25 significant shift.
 */
export function populationStabilityIndex(reference: ArrayLike<number>, live: ArrayLike<number>, options: PsiOptions = {}): PsiResult {
  const bins = options.bins ?? 10;
  const floor = options.floor ?? 1e-4;
  if (!Number.isInteger(bins) || bins < 2) throw new RangeError(`bins must be an integer ≥ 2, got ${bins}`);
  if (reference.length === 0 || live.length === 0) throw new RangeError('PSI needs a non-empty reference and live sample');
  const ref = sortedCopy(reference, 'reference');
  const edges: number[] = [];
  for (let k = 1; k < bins; k += 1) {
    const e = quantileSorted(ref, k / bins);
    if (edges.length === 0 || e > (edges[edges.length - 1] as number)) edges.push(e);
  }
  const count = (xs: ArrayLike<number>): number[] => {
    const c = new Array<number>(edges.length + 1).fill(0);
    for (let i = 0; i < xs.length; i += 1) c[binOf(edges, xs[i] as number)] = (c[binOf(edges, xs[i] as number)] ?? 0) + 1;
    return c.map((v) => v / xs.length);
  };
  const expected = count(ref);
  const actual = count(sortedCopy(live, 'live'));
  let psi = 0;
  for (let j = 0; j < expected.length; j += 1) {
    const e = Math.max(floor, expected[j] as number);
    const a = Math.max(floor, actual[j] as number);
    psi += (a - e) * Math.log(a / e);
  }
  return { psi, edges, expected, actual };
}

export interface KsResult {
  /** D = sup_x |F_a(x) − F_b(x)|. */
  readonly statistic: number;
  /** Asymptotic p-value Q_KS((√n_e + 0.12 + 0.11/√n_e)·D), n_e = n·m/(n + m) (Stephens' correction). */
  readonly pValue: number;
  readonly n: number;
  readonly m: number;
}

/** Two-sample Kolmogorov–Smirnov test (two-sided). */
export function ksTwoSample(a: ArrayLike<number>, b: ArrayLike<number>): KsResult {
  if (a.length === 0 || b.length === 0) throw new RangeError('KS test needs two non-empty samples');
  const x = sortedCopy(a, 'first sample');
  const y = sortedCopy(b, 'second sample');
  const n = x.length;
  const m = y.length;
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < n && j < m) {
    const v = Math.min(x[i] as number, y[j] as number);
    while (i < n && (x[i] as number) <= v) i += 1;
    while (j < m && (y[j] as number) <= v) j += 1;
    d = Math.max(d, Math.abs(i / n - j / m));
  }
  const ne = (n * m) / (n + m);
  const sq = Math.sqrt(ne);
  return { statistic: d, pValue: kolmogorovQ((sq + 0.12 + 0.11 / sq) * d), n, m };
}

export interface HitRateResult {
  readonly hits: number;
  readonly trials: number;
  readonly rate: number;
  readonly expected: number;
  /** Exact one-sided binomial p-value P(X ≤ hits | trials, expected). */
  readonly pValue: number;
}

/** Is the live hit rate below the validated expectation? Exact binomial test, one-sided (less). */
export function hitRateTest(hits: number, trials: number, expected: number): HitRateResult {
  return { hits, trials, rate: trials === 0 ? Number.NaN : hits / trials, expected, pValue: binomialTest(hits, trials, expected, 'less') };
}

export interface DriftThresholds {
  /** A feature drifts when its PSI exceeds this (default 0.25, "significant shift"). */
  readonly psi: number;
  /** Prediction drift when the KS p-value is below this (default 0.01). */
  readonly ksAlpha: number;
  /** Performance drift when the binomial p-value is below this (default 0.01). */
  readonly hitRateAlpha: number;
  /** Fewer live rows than this: no test is run (default 20). */
  readonly minLiveRows: number;
  readonly psiBins: number;
}

export const DEFAULT_DRIFT_THRESHOLDS: DriftThresholds = { psi: 0.25, ksAlpha: 0.01, hitRateAlpha: 0.01, minLiveRows: 20, psiBins: 10 };

export interface DriftInput {
  readonly featureNames: readonly string[];
  /** Feature rows the model was trained on (the reference). */
  readonly referenceFeatures: Matrix;
  readonly liveFeatures: Matrix;
  /** The model's predictions on its hold-out (the validated distribution) and live. */
  readonly referencePredictions: ArrayLike<number>;
  readonly livePredictions: ArrayLike<number>;
  /** Live outcomes where known: hits (prediction on the right side of 0.5) out of trials. */
  readonly liveHits: number;
  readonly liveTrials: number;
  /** The hit rate validated on the hold-out. */
  readonly expectedHitRate: number;
}

export interface DriftReport {
  readonly drifted: boolean;
  readonly reasons: readonly string[];
  readonly features: readonly { readonly name: string; readonly psi: number }[];
  readonly maxPsi: number;
  readonly predictions?: KsResult;
  readonly hitRate?: HitRateResult;
  readonly method: readonly string[];
  readonly thresholds: DriftThresholds;
}

/** Runs the three detectors; any of them firing marks the model drifted, each with its reason. */
export function assessDrift(input: DriftInput, thresholds: Partial<DriftThresholds> = {}): DriftReport {
  const t = { ...DEFAULT_DRIFT_THRESHOLDS, ...thresholds };
  const reasons: string[] = [];
  const method = [
    `feature drift: PSI per feature on ${t.psiBins} bins at the reference's quantiles, shares floored at 1e-4; drift when PSI > ${t.psi}`,
    `prediction drift: two-sample Kolmogorov–Smirnov, asymptotic p-value with Stephens' correction; drift when p < ${t.ksAlpha}`,
    `performance drift: exact one-sided binomial test of the live hit rate against the hold-out hit rate; drift when p < ${t.hitRateAlpha}`,
  ];
  const features: { name: string; psi: number }[] = [];
  if (input.liveFeatures.length >= t.minLiveRows && input.referenceFeatures.length > 0) {
    input.featureNames.forEach((name, c) => {
      const column = (rows: Matrix): Float64Array => Float64Array.from(rows, (r) => r[c] ?? Number.NaN).filter((v) => Number.isFinite(v));
      const ref = column(input.referenceFeatures);
      const live = column(input.liveFeatures);
      if (ref.length === 0 || live.length === 0) return;
      const psi = populationStabilityIndex(ref, live, { bins: t.psiBins }).psi;
      features.push({ name, psi });
      if (psi > t.psi) reasons.push(`feature ${name}: PSI ${psi.toFixed(3)} > ${t.psi}`);
    });
  }
  let predictions: KsResult | undefined;
  if (input.livePredictions.length >= t.minLiveRows && input.referencePredictions.length > 0) {
    predictions = ksTwoSample(input.referencePredictions, input.livePredictions);
    if (predictions.pValue < t.ksAlpha) reasons.push(`predictions: KS D ${predictions.statistic.toFixed(3)}, p ${predictions.pValue.toExponential(2)} < ${t.ksAlpha}`);
  }
  let hitRate: HitRateResult | undefined;
  if (input.liveTrials >= t.minLiveRows) {
    hitRate = hitRateTest(input.liveHits, input.liveTrials, input.expectedHitRate);
    if (hitRate.pValue < t.hitRateAlpha) reasons.push(`hit rate ${hitRate.rate.toFixed(3)} over ${hitRate.trials} vs expected ${input.expectedHitRate.toFixed(3)}: binomial p ${hitRate.pValue.toExponential(2)} < ${t.hitRateAlpha}`);
  }
  const maxPsi = features.reduce((m, f) => Math.max(m, f.psi), 0);
  return { drifted: reasons.length > 0, reasons, features, maxPsi, ...(predictions ? { predictions } : {}), ...(hitRate ? { hitRate } : {}), method, thresholds: t };
}

/** What a drifted model asks for: the training job for this model, with why. */
export interface RetrainRequestV1 {
  readonly schema: 'RetrainRequestV1';
  readonly modelId: string;
  readonly championVersion?: string;
  readonly requestedAt: string;
  readonly reasons: readonly string[];
}

/** A retrain request when the report says drifted, else undefined. */
export function retrainRequest(modelId: string, report: DriftReport, requestedAt: string, championVersion?: string): RetrainRequestV1 | undefined {
  if (!report.drifted) return undefined;
  return { schema: 'RetrainRequestV1', modelId, ...(championVersion !== undefined ? { championVersion } : {}), requestedAt, reasons: report.reasons };
}
