/**
 * Permutation feature importance (Breiman 2001; scikit-learn's `permutation_importance`): how much a
 * fitted forecast's score on a held-out set worsens when one feature column is shuffled, breaking its
 * link to the label while keeping its distribution. Model-agnostic (only `predict` is called), so it
 * explains the whole ensemble as it will be used. Run it on rows the model never trained on: on training
 * rows it measures memorisation, not skill.
 *
 * Caveats the report states: correlated features share importance (shuffling one leaves its twin), and a
 * shuffle over time order breaks serial structure as well as the feature–label link.
 */
import { mulberry32 } from '../analytics';
import { accuracy, balancedAccuracy, brierScore, logLoss, METRIC_NAMES, rocAuc, type MetricName } from './evaluation';
import type { Matrix } from './types';

/** Metrics where a smaller value is better; importance is then permuted − baseline. */
const LOWER_IS_BETTER: ReadonlySet<MetricName> = new Set<MetricName>(['logLoss', 'brier']);

const SCORE: Record<MetricName, (y: ArrayLike<number>, p: ArrayLike<number>) => number> = {
  accuracy,
  balancedAccuracy,
  logLoss,
  auc: rocAuc,
  brier: brierScore,
};

export interface PermutationImportanceInput {
  /** Held-out rows (each row one observation, all of one length). */
  readonly X: Matrix;
  /** Labels in {0, 1}, one per row. */
  readonly y: ArrayLike<number>;
  /** P(y = 1) of each row of a matrix; called once for the baseline and once per feature and repeat. */
  readonly predict: (X: Matrix) => ArrayLike<number>;
  /** One name per column. */
  readonly featureNames: readonly string[];
  /** Score whose worsening is the importance; default log loss (a proper scoring rule, sensitive to any change of P). */
  readonly metric?: MetricName;
  /** Shuffles per feature (≥ 1); default 5. */
  readonly repeats?: number;
  /** Seed of the shuffles: same seed, same answer. */
  readonly seed: number;
  /** Called after each feature: `done` of `total` features. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** One feature's importance: the worsening of the score over `repeats` shuffles (positive = the feature helped). */
export interface FeatureImportance {
  readonly feature: string;
  readonly index: number;
  /** Mean worsening. */
  readonly mean: number;
  /** Sample standard deviation of the worsening over the repeats (0 with one repeat). */
  readonly std: number;
  readonly drops: readonly number[];
}

export interface PermutationImportance {
  readonly metric: MetricName;
  readonly lowerIsBetter: boolean;
  /** Score with no column shuffled. */
  readonly baseline: number;
  readonly repeats: number;
  readonly seed: number;
  readonly rows: number;
  /** Every feature, most important first (ties by column order). */
  readonly features: readonly FeatureImportance[];
}

/** Permutation importance of every column; pure and deterministic for a given seed. */
export function permutationImportance(input: PermutationImportanceInput): PermutationImportance {
  const metric = input.metric ?? 'logLoss';
  if (!METRIC_NAMES.includes(metric)) throw new RangeError(`unknown metric ${String(metric)}`);
  const repeats = input.repeats ?? 5;
  if (!Number.isInteger(repeats) || repeats < 1) throw new RangeError(`repeats must be a whole number ≥ 1, got ${repeats}`);
  const n = input.X.length;
  if (n === 0) throw new RangeError('no rows to permute');
  if (input.y.length !== n) throw new RangeError(`${n} rows vs ${input.y.length} labels`);
  const d = input.X[0]?.length ?? 0;
  if (input.featureNames.length !== d) throw new RangeError(`${d} columns vs ${input.featureNames.length} feature names`);
  const score = SCORE[metric];
  const lowerIsBetter = LOWER_IS_BETTER.has(metric);
  const baseline = score(input.y, input.predict(input.X));
  const random = mulberry32(input.seed);
  // Copies of the rows, so shuffling a column never touches the caller's data.
  const work = input.X.map((row) => Float64Array.from(row));
  const order = new Int32Array(n);
  const features: FeatureImportance[] = [];
  for (let j = 0; j < d; j += 1) {
    const original = Float64Array.from(input.X, (row) => row[j] ?? Number.NaN);
    const drops: number[] = [];
    for (let r = 0; r < repeats; r += 1) {
      for (let i = 0; i < n; i += 1) order[i] = i;
      for (let i = n - 1; i > 0; i -= 1) {
        const k = Math.floor(random() * (i + 1));
        const t = order[i] ?? 0;
        order[i] = order[k] ?? 0;
        order[k] = t;
      }
      work.forEach((row, i) => (row[j] = original[order[i] ?? i] ?? Number.NaN));
      const permuted = score(input.y, input.predict(work));
      drops.push(lowerIsBetter ? permuted - baseline : baseline - permuted);
    }
    work.forEach((row, i) => (row[j] = original[i] ?? Number.NaN));
    const mean = drops.reduce((a, b) => a + b, 0) / repeats;
    const std = repeats > 1 ? Math.sqrt(drops.reduce((a, b) => a + (b - mean) ** 2, 0) / (repeats - 1)) : 0;
    features.push({ feature: input.featureNames[j] ?? `feature ${j}`, index: j, mean, std, drops });
    input.onProgress?.(j + 1, d);
  }
  features.sort((a, b) => b.mean - a.mean || a.index - b.index);
  return { metric, lowerIsBetter, baseline, repeats, seed: input.seed, rows: n, features };
}
